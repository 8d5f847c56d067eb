from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "concorde.api"
    label = "api"
    verbose_name = "API"
