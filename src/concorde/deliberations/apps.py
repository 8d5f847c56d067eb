from django.apps import AppConfig


class DeliberationsConfig(AppConfig):
    name = "concorde.deliberations"
    verbose_name = "Délibérations"
