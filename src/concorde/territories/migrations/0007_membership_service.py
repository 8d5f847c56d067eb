from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("territories", "0006_membership_service_records")]

    operations = [
        migrations.RemoveField(model_name="membership", name="service"),
        migrations.RenameField(model_name="membership", old_name="service_record", new_name="service"),
    ]
