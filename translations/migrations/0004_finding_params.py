"""Findings keep their message key and parameters, so they can be shown in the reader's language.

Existing findings get an empty key and no parameters and keep showing their
stored English message (no data migration: the parameters cannot be recovered
from the English text reliably, and the English stays correct).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("translations", "0003_edit_generation_and_contributions"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="message_key",
            field=models.CharField(blank=True, default="", max_length=50),
        ),
        migrations.AddField(
            model_name="finding",
            name="params",
            field=models.JSONField(blank=True, default=None, null=True),
        ),
    ]
