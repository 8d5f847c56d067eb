from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "concorde.conventions"
    verbose_name = "Conventions"
