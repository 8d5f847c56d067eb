from django.apps import AppConfig
from django.db.models.signals import post_save


class ConventionsConfig(AppConfig):
    name = "concorde.conventions"
    verbose_name = "Conventions"

    def ready(self):
        from concorde.territories.models import Membership

        from . import consent

        post_save.connect(consent.member_joined, sender=Membership, dispatch_uid="conventions.member_joined")
