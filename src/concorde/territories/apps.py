from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "concorde.territories"
    verbose_name = "Territoires"
