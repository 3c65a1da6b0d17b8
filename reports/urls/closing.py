from django.urls import path

from ..views import closing

P = "programmes/<int:pk>/closing/"

urlpatterns = [
    path(P, closing.closing, name="closing"),
    path(P + "close/", closing.close, name="close"),
    path(P + "archive/", closing.archive, name="archive"),
    path(P + "archive/<int:job_pk>/", closing.archive_download, name="archive_download"),
]
