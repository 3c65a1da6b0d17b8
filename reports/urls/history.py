from django.urls import path

from ..views import history

urlpatterns = [path("staff/<int:pk>/history/", history.history, name="history")]
