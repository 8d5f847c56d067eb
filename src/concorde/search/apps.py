from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "concorde.search"
    label = "search"
    verbose_name = "Recherche"

    def ready(self):
        from . import index

        index.connect()
