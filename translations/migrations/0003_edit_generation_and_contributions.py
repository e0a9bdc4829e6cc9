import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill_contributions(apps, schema_editor):
    # Everyone recorded as a segment's editor so far, and everyone whose edit
    # was applied, is a contributor from now on. Source texts recorded the
    # revision's saver on every segment; that over-attributes, which only ever
    # makes the approval rule stricter, never looser.
    TargetSegment = apps.get_model("translations", "TargetSegment")
    SegmentEdit = apps.get_model("translations", "SegmentEdit")
    Contribution = apps.get_model("translations", "Contribution")
    seen = set()
    rows = []

    def add(leaflet_id, language_id, key, user_id):
        marker = (leaflet_id, language_id, key, user_id)
        if user_id is not None and marker not in seen:
            seen.add(marker)
            rows.append(Contribution(leaflet_id=leaflet_id, language_id=language_id, key=key, user_id=user_id))

    for leaflet_id, language_id, key, user_id in TargetSegment.objects.exclude(updated_by=None).values_list(
            "text_version__revision__leaflet_id", "text_version__language_id", "key", "updated_by_id").iterator():
        add(leaflet_id, language_id, key, user_id)
    for leaflet_id, language_id, key, user_id in SegmentEdit.objects.filter(applied=True).values_list(
            "target_segment__text_version__revision__leaflet_id", "target_segment__text_version__language_id",
            "target_segment__key", "editor_id").iterator():
        add(leaflet_id, language_id, key, user_id)
    Contribution.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0002_job_draft_and_batch_lease"),
        ("workbench", "0003_user_preference"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="textversion",
            name="edit_generation",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="Contribution",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.UUIDField()),
                ("language", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                               to="workbench.language")),
                ("leaflet", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                              to="workbench.leaflet")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                           to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("leaflet", "language", "key", "user"),
                                                        name="contribution_unique")],
                "indexes": [models.Index(fields=["user", "leaflet", "language"], name="contribution_user_idx")],
            },
        ),
        migrations.RunPython(backfill_contributions, migrations.RunPython.noop),
    ]
