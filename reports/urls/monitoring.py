from django.urls import path

from ..views import monitoring

urlpatterns = [
    path("programmes/<int:pk>/monitoring/", monitoring.monitoring, name="monitoring"),
    path("programmes/<int:pk>/monitoring.pdf", monitoring.monitoring_pdf, name="monitoring_pdf"),
    path("programmes/<int:pk>/monitoring.xlsx", monitoring.monitoring_xlsx, name="monitoring_xlsx"),
]
