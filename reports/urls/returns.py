from django.urls import path

from ..views import returns

urlpatterns = [
    # the coordinator's
    path("returns/collections/", returns.collections, name="return_collections"),
    path("returns/collections/<int:pk>/", returns.collection, name="return_collection"),
    path("returns/collections/<int:pk>/remind/", returns.remind, name="return_remind"),
    path(
        "returns/collections/<int:pk>/returns.xlsx",
        returns.collection_xlsx,
        name="return_collection_xlsx",
    ),
    path(
        "returns/collections/<int:pk>/returns.pdf",
        returns.collection_pdf,
        name="return_collection_pdf",
    ),
    # the kindergarten's
    path("returns/", returns.organisation_returns, name="returns"),
    path("returns/<int:pk>/", returns.return_form, name="return_form"),
    path("returns/<int:pk>/versions/<int:version>/", returns.return_version, name="return_version"),
]
