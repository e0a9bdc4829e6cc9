"""The groups that make up the workbench's roles, and their permissions.

Per-language reviewer groups ("Tamil clinicians") and translator groups
("Malay translators") hold guardian object permissions on the Language row, so
adding a fifth language is a row and three groups, not a code change.

Names only: `ensure_roles` (review/role_services.py; migrate, `manage.py
setup_roles`) creates what is missing, and every later change of membership
or permissions goes through review/role_services.py too.
"""

from __future__ import annotations

from review.models import Stage
from workbench.models import Language

AUTHORS = "Authors"
PUBLISHERS = "Publishers"

AUTHOR_PERMISSIONS = [
    "workbench.add_leaflet",
    "workbench.change_leaflet",
    "workbench.view_leaflet",
    "translations.add_job",
    "translations.change_job",
    "translations.view_job",
    "translations.view_glossaryterm",
    "translations.add_glossaryterm",
    "translations.change_glossaryterm",
]
PUBLISHER_PERMISSIONS = [
    "workbench.view_leaflet",
    "review.add_publication",
    "review.change_publication",
    "review.view_publication",
    "review.view_auditevent",
]

# The review stages are review.models.Stage; each stage's right is the Language
# permission "review_<stage>" (declared on workbench.Language's Meta).
STAGE_PERMISSION = {stage: f"review_{stage}" for stage in Stage.values}
STAGE_GROUP_SUFFIX = {"native": "native-speaker reviewers", "clinical": "clinicians"}

# Human translators of a language hold its "translate" permission (also on
# workbench.Language's Meta). Translating is not a review stage: it never counts
# towards the gate, and whoever translates a segment is one of its contributors,
# so they may not approve it (translations.Contribution).
TRANSLATE = "translate"
# Every right a group (or a user) can hold on a Language row, by the name the role
# services and the audit trail use for it ("stage" in their data): the two review
# stages and translating.
LANGUAGE_PERMISSION = {**STAGE_PERMISSION, TRANSLATE: "translate"}
LANGUAGE_GROUP_SUFFIX = {**STAGE_GROUP_SUFFIX, TRANSLATE: "translators"}


def stage_group_name(language: Language, stage: str) -> str:
    """The group holding one language right: "Tamil clinicians", "Malay translators" (stage "translate")."""
    return f"{language.name} {LANGUAGE_GROUP_SUFFIX[stage]}"


def translator_group_name(language: Language) -> str:
    return stage_group_name(language, TRANSLATE)
