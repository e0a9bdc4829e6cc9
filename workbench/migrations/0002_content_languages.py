from django.db import migrations

LANGUAGES = [("en", "English"), ("zh", "Simplified Chinese"), ("ms", "Malay"), ("ta", "Tamil")]


def forwards(apps, schema_editor):
    Language = apps.get_model("workbench", "Language")
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("workbench", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
