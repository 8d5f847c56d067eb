from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "concorde.publication"
    verbose_name = "Publication"
