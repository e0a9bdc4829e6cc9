"""workbench.migration_operations.AlterLabels: label changes in one cheap step, and never a schema change."""

import pytest
from django.db import models
from django.db.migrations.state import ModelState, ProjectState

from workbench.migration_operations import AlterLabels


def _state() -> ProjectState:
    state = ProjectState()
    state.add_model(
        ModelState(
            "probe",
            "Thing",
            [("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=20))],
            options={"ordering": ["name"]},
        )
    )
    return state


def test_it_sets_field_and_model_labels_in_the_state_and_keeps_the_other_options():
    state = _state()

    AlterLabels(
        fields={"thing": {"name": models.CharField(max_length=20, verbose_name="name", help_text="As said.")}},
        options={"thing": {"verbose_name": "thing", "verbose_name_plural": "things"}},
    ).state_forwards("probe", state)

    model = state.models["probe", "thing"]
    assert model.fields["name"].verbose_name == "name" and model.fields["name"].help_text == "As said."
    assert (model.options["ordering"], model.options["verbose_name"], model.options["verbose_name_plural"]) == (
        ["name"],
        "thing",
        "things",
    )


@pytest.mark.parametrize(
    "field",
    [
        models.CharField(max_length=40, verbose_name="name"),  # a longer column
        models.CharField(max_length=20, null=True, verbose_name="name"),
        models.TextField(verbose_name="name"),
        models.CharField(max_length=20, db_column="title", verbose_name="name"),
    ],
)
def test_it_refuses_a_change_the_database_would_see(field):
    with pytest.raises(ValueError, match="database definition"):
        AlterLabels(fields={"thing": {"name": field}}, options={}).state_forwards("probe", _state())


def test_it_refuses_model_options_other_than_labels():
    with pytest.raises(ValueError, match="labels only"):
        AlterLabels(fields={}, options={"thing": {"ordering": ["-name"]}}).state_forwards("probe", _state())
