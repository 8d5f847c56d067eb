"""Each membership's free-text service becomes a service of its organisation (the same name
is one service); 0007 then drops the text field (in its own migration: PostgreSQL does not
alter a table whose rows this transaction changed)."""
import unicodedata

from django.db import migrations


def service_key(text: str) -> str:
    """The comparison key of a service name when this migration was written (frozen)."""
    text = unicodedata.normalize("NFD", (text or "").replace("’", "'").replace("œ", "oe")).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("–", "-").replace("—", "-").strip(" .,;:").split())


def services_from_text(apps, schema_editor):
    Membership = apps.get_model("territories", "Membership")
    Service = apps.get_model("territories", "Service")
    made: dict[tuple[int, str], object] = {}
    for m in Membership.objects.exclude(service="").order_by("id"):
        name = " ".join(m.service.split())[:200]
        key = (m.organisation_id, service_key(name))
        if key not in made:
            made[key] = (Service.objects.filter(organisation_id=m.organisation_id, name_key=key[1]).first()
                         or Service.objects.create(organisation_id=m.organisation_id, name=name, name_key=key[1]))
        m.service_record = made[key]
        m.save(update_fields=["service_record"])


def text_from_services(apps, schema_editor):
    Membership = apps.get_model("territories", "Membership")
    for m in Membership.objects.exclude(service_record=None).select_related("service_record"):
        m.service = m.service_record.name
        m.save(update_fields=["service"])


class Migration(migrations.Migration):
    dependencies = [("territories", "0005_services_and_invitations")]

    operations = [
        migrations.RunPython(services_from_text, text_from_services),
    ]
