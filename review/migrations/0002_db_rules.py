from django.db import migrations

from review import db_rules


def forwards(apps, schema_editor):
    db_rules.install(schema_editor)


def backwards(apps, schema_editor):
    db_rules.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("translations", "0001_initial"),
        ("workbench", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
