from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "concorde.dashboard"
    verbose_name = "Tableau de bord"

    def ready(self):
        from concorde.conventions import tracking

        from . import materialise

        tracking.changed.connect(materialise.warm_after_commit, dispatch_uid="dashboard-warm")
