"""An index for the reviewer queue (review.selectors.review_queue).

The queue walks the texts of a reviewer's languages oldest first and stops once
it has a page of them; this index is that walk. It is on a translations table
but serves review's queue, and it is created here, by SQL, so the translations
app's migrations (being reworked meanwhile) and models stay as they are:
Django's model state does not know the index, so `makemigrations` never
proposes to add or drop it. Should TextVersion.Meta declare it one day, replace
this by a state-only AddIndex with the same name.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0005_audit_event_object_index"),
        ("translations", "0005_jobbatch_phase_draft"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX text_version_queue_idx ON translations_textversion (language_id, updated_at, id)",
            reverse_sql="DROP INDEX text_version_queue_idx",
        ),
    ]
