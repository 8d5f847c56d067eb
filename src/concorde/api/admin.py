from django.contrib import admin

from concorde.lib.admin import FrenchTitles

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(FrenchTitles):
    """Tokens are created by their owner (« Mon compte ») ; the administration sees and revokes them."""

    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "hint", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Révoquer les jetons choisis")
    def revoke(self, request, queryset):
        for token in queryset:
            token.revoke()
