from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "concorde.discussion"
    verbose_name = "Discussions et notifications"

    def ready(self):
        from . import receivers

        receivers.connect()
