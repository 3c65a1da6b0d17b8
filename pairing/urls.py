app_name = "pairing"

urlpatterns: list = []
