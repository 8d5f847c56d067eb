from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "concorde.reports"
    verbose_name = "Documents"
