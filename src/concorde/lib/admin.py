"""The admin's page titles in French as one writes it: « Ajout d'une organisation »,
« Modification de l'organisation », not Django's « Modification de organisation »."""

from __future__ import annotations

from django.contrib import admin
from django.utils.text import capfirst

from .grammar import of_a, of_the


class FrenchTitles(admin.ModelAdmin):
    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": capfirst(self.model._meta.verbose_name_plural), **(extra_context or {})}
        )

    def add_view(self, request, form_url="", extra_context=None):
        title = f"Ajout {of_a(self.model._meta.verbose_name)}"
        return super().add_view(request, form_url, {"title": title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        title = f"Modification {of_the(self.model._meta.verbose_name)}"
        return super().change_view(request, object_id, form_url, {"title": title, **(extra_context or {})})
