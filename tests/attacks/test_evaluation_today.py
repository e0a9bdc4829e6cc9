"""Attacks on provider evaluations (issue 17): what a queued run may read.

A queued run names its reference inside EVALUATION_REFERENCE_DIR; whatever
name is given, the answer is a refusal the caller can show (a ValidationError),
never a file outside the folder and never an exception that is not a refusal.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.evaluation.conftest import good, provider_manager, quality_server, quick_retries  # noqa: F401 - fixtures
from tests.evaluation.test_evaluation_queue import queue, references  # noqa: F401 - fixtures
from translations.models import EvaluationRun


def test_it_refuses_a_reference_name_with_a_nul_byte_as_a_bad_reference(
    provider_manager,  # noqa: F811
    good,  # noqa: F811
    references,  # noqa: F811
):
    # "small.tsv\0" must not reach the filesystem: os functions raise ValueError on it, which is no refusal.
    with pytest.raises(ValidationError, match="must be a file name inside the reference folder"):
        queue(provider_manager, [good], reference="small.tsv\x00.bak")

    assert not EvaluationRun.objects.exists()
