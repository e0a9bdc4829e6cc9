"""Attacks on the publish gate, each tried through every entry point that exists.

The personas are the shared ones (tests/conftest.py). A "third Tamil reviewer"
is a colleague in the Tamil native-speaker group who neither approved nor
edited anything yet, the person an attacker would use to put old words back.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from review.roles import stage_group_name
from tests.conftest import make_user
from workbench.models import Language


@pytest.fixture
def third_tamil_reviewer(personas):
    return make_user("ta_native_2", stage_group_name(Language.objects.get(code="ta"), "native"))


def refused_by_the_database(callable_, match: str) -> None:
    with pytest.raises(IntegrityError, match=match):
        with transaction.atomic():
            callable_()
