from django.urls import path

from ..views import signing

urlpatterns = [path("to-sign/", signing.to_sign, name="to_sign")]
