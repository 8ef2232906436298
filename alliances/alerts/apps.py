from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alliances.alerts"
    label = "alerts"
    verbose_name = "Alertes et notifications"
