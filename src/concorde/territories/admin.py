"""Site administration: organisations (created from the reference territories), memberships."""

from django.contrib import admin, messages

from concorde.lib.admin import FrenchTitles

from . import access, reference
from .models import AccessRequest, FailedLogin, Invitation, Membership, Organisation, Service, Territory


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user", "service"]


@admin.register(Organisation)
class OrganisationAdmin(FrenchTitles):
    """Each organisation's coordination keeps its members and services on its own pages; the site
    administrators see them here, and give a new organisation its first coordination."""

    list_display = ["name", "kind", "siren", "siret", "insee_code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "siren", "siret", "insee_code"]
    inlines = [MembershipInline]


@admin.register(Service)
class ServiceAdmin(FrenchTitles):
    list_display = ["name", "acronym", "organisation", "parent"]
    search_fields = ["name", "acronym", "organisation__name"]
    autocomplete_fields = ["organisation", "parent"]


@admin.register(Invitation)
class InvitationAdmin(FrenchTitles):
    """Read only: invitations are sent, revoked and accepted on the organisations' own pages."""

    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(Territory)
class TerritoryAdmin(FrenchTitles):
    """The national reference, read only: an organisation is created from it."""

    list_display = ["name", "kind", "code", "siren", "departement", "population"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "siren"]
    actions = ["create_organisations"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Créer les organisations de ces collectivités")
    def create_organisations(self, request, queryset):
        created = 0
        for territory in queryset:
            if territory.siren and Organisation.objects.filter(siren=territory.siren).exists():
                continue
            org = Organisation(name=territory.name)
            reference.apply(org, territory)
            org.save()
            created += 1
        messages.success(request, f"{created} organisation(s) créée(s) ; les autres existaient déjà.")


@admin.register(AccessRequest)
class AccessRequestAdmin(FrenchTitles):
    """Agents identified by ProConnect for an organisation not yet known: accepted (the
    organisation is created from the reference territories) or refused, each told by e-mail."""

    list_display = ["email", "given_name", "usual_name", "siret", "territory", "outcome", "created_at"]
    list_filter = ["outcome"]
    search_fields = ["email", "usual_name", "siret"]
    readonly_fields = [
        "email",
        "given_name",
        "usual_name",
        "siret",
        "territory",
        "outcome",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    actions = ["accept", "refuse"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Accepter : créer l'organisation et prévenir l'agent")
    def accept(self, request, queryset):
        for found in queryset.filter(outcome=AccessRequest.Outcome.PENDING):
            organisation, told = access.accept(found, request.user)
            if organisation is None:
                messages.warning(
                    request,
                    f"{found} : SIREN inconnu du référentiel ; créer l'organisation avec son "
                    "SIREN, puis accepter la demande.",
                )
            else:
                messages.success(request, f"{found} : accès ouvert ({organisation}).")
                if not told:
                    messages.warning(
                        request, f"{found} : le courriel à l'agent n'a pas pu partir ; le prévenir autrement."
                    )

    @admin.action(description="Refuser et prévenir l'agent")
    def refuse(self, request, queryset):
        for found in queryset.filter(outcome=AccessRequest.Outcome.PENDING):
            told = access.refuse(found, request.user)
            messages.success(request, f"{found} : demande refusée.")
            if not told:
                messages.warning(request, f"{found} : le courriel à l'agent n'a pas pu partir ; le prévenir autrement.")


@admin.register(FailedLogin)
class FailedLoginAdmin(FrenchTitles):
    list_display = ["username", "address", "at"]
    search_fields = ["username", "address"]
    readonly_fields = ["username", "address", "at"]
