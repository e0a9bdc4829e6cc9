"""A migration operation for changes the database never sees: field labels, help texts, model names.

Django records a field's verbose_name, help_text and choice labels in the
migration state, so giving every field of the workbench a translated label
(the admin in the reader's language) took 377 AlterField and 43
AlterModelOptions operations. Each of those clones and re-renders the
project's model state, in every `migrate` and every test database: the three
migrations took `migrate` from about 5 s to 17 s. `AlterLabels` makes the
same state change in one operation per app and nothing at all in the
database, which is all such a change is.

It refuses a field whose database definition differs from the state's (type,
column, null, default, max_length, relations...): only what Django itself
treats as non-database attributes may change through it, so a real schema
change can never hide in a "labels" migration.
"""

from __future__ import annotations

from django.db import models
from django.db.migrations.operations.base import Operation

# What a label-only change may touch (Django's own BaseDatabaseSchemaEditor._field_should_be_altered
# ignores the same attributes, and the model options that live only in Python).
FIELD_ATTRIBUTES = {"verbose_name", "help_text", "choices", "validators", "error_messages", "blank", "editable"}
MODEL_OPTIONS = {"verbose_name", "verbose_name_plural"}


class AlterLabels(Operation):
    """Set fields' and models' labels in the migration state of one app; no SQL.

    fields: {model_name: {field_name: field}} (the fields as the models declare them now);
    options: {model_name: {"verbose_name": ..., "verbose_name_plural": ...}}.
    """

    reduces_to_sql = True  # to no SQL at all
    reversible = True

    def __init__(self, fields: dict[str, dict[str, models.Field]], options: dict[str, dict]):
        self.fields = fields
        self.options = options

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"fields": self.fields, "options": self.options})

    def state_forwards(self, app_label, state):
        for model_name, fields in self.fields.items():
            model_state = state.models[app_label, model_name.lower()]
            for name, field in fields.items():
                _refuse_schema_change(app_label, model_name, name, model_state.fields[name], field)
                model_state.fields[name] = field
        for model_name, options in self.options.items():
            unknown = set(options) - MODEL_OPTIONS
            if unknown:
                raise ValueError(f"AlterLabels changes labels only, not {sorted(unknown)} of {app_label}.{model_name}")
            state.models[app_label, model_name.lower()].options.update(options)
        # Labels change no relation: the related models need no re-render (delay=True).
        for model_name in {*self.fields, *self.options}:
            state.reload_model(app_label, model_name.lower(), delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass  # labels live in Python only

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Change the labels of {sum(map(len, self.fields.values()))} fields and {len(self.options)} models"

    @property
    def migration_name_fragment(self):
        return "labels"


def _refuse_schema_change(app_label: str, model_name: str, name: str, old: models.Field, new: models.Field) -> None:
    old_path, _old_args, old_kw = old.deconstruct()[1:]
    new_path, _new_args, new_kw = new.deconstruct()[1:]
    schema_old = {k: v for k, v in old_kw.items() if k not in FIELD_ATTRIBUTES}
    schema_new = {k: v for k, v in new_kw.items() if k not in FIELD_ATTRIBUTES}
    if old_path != new_path or schema_old != schema_new:
        raise ValueError(
            f"AlterLabels changes labels only: {app_label}.{model_name}.{name} changes its database definition "
            f"({old_path} {schema_old} -> {new_path} {schema_new}); write an AlterField for it."
        )
