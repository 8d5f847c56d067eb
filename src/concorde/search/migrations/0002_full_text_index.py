"""The full-text index beside the entries' table, as the database's backend builds it. An
instance that already holds conventions fills it with `concorde search reindex`."""

from django.db import migrations


def install(apps, schema_editor):
    from concorde.search.backends import backend

    backend(schema_editor.connection.vendor).install(schema_editor)


def uninstall(apps, schema_editor):
    from concorde.search.backends import backend

    backend(schema_editor.connection.vendor).uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
