from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "concorde.governance"
    verbose_name = "Gouvernance"
