"""The groups that make up the workbench's roles, and their permissions.

Per-language reviewer groups ("Tamil clinicians") hold guardian object
permissions on the Language row, so adding a fifth language is a row and two
groups, not a code change.

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


def stage_group_name(language: Language, stage: str) -> str:
    return f"{language.name} {STAGE_GROUP_SUFFIX[stage]}"
