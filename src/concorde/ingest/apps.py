from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "concorde.ingest"
    verbose_name = "Import"
