# The leaflet title becomes a segment (kind "title", position 0 of every
# revision). Choices and help texts only: no column changes, so SQLite does not
# rebuild the segment table and its immutability triggers stay in place.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("workbench", "0003_user_preference"),
    ]

    operations = [
        migrations.AlterField(
            model_name="segment",
            name="kind",
            field=models.CharField(
                choices=[("title", "Title"), ("heading", "Heading"), ("paragraph", "Paragraph"),
                         ("list_item", "List item"), ("red_flag", "Red flags / when to seek help")],
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="leaflet",
            name="title",
            field=models.CharField(
                help_text="A copy of the current revision's title; change the title in the leaflet editor.",
                max_length=200, verbose_name="title",
            ),
        ),
        migrations.AlterField(
            model_name="leaflet",
            name="topic",
            field=models.CharField(blank=True, help_text="For the authors only; never shown to patients.",
                                   max_length=200, verbose_name="topic"),
        ),
        migrations.AlterField(
            model_name="leaflet",
            name="audience",
            field=models.CharField(blank=True, help_text="For the authors only; never shown to patients.",
                                   max_length=200, verbose_name="audience"),
        ),
    ]
