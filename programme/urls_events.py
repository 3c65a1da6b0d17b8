"""Routes of one part of the programme app, included by programme/urls.py in its namespace."""

urlpatterns: list = []
