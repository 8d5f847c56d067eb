from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "concorde.dashboard"
    verbose_name = "Tableau de bord"
