"""Nothing is published while a translation job for one of its texts is still running."""

import pytest

from review.models import Publication
from review.selectors import gate_evaluate
from review.services import GateClosed, leaflet_publish
from tests.attacks.conftest import refused_by_the_database
from tests.conftest import text_of
from translations.models import Job


def _running_job(leaflet, tv, author, state="running"):
    return Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        state=state,
        leaflet=leaflet,
        revision=tv.revision,
        text_version=tv,
        language=tv.language_id,
        created_by=author,
    )


@pytest.mark.parametrize("state", ["queued", "running"])
def test_it_refuses_to_publish_while_a_job_runs(approved_leaflet, personas, state, as_user):
    tamil = text_of(approved_leaflet, "ta")
    _running_job(approved_leaflet, tamil, personas.author, state)

    assert "Tamil: a translation job is still running." in gate_evaluate(leaflet=approved_leaflet).reasons
    with pytest.raises(GateClosed, match="still running"):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    as_user(personas.publisher).post(f"/leaflets/{approved_leaflet.pk}/publish/", {"_once": "a" * 32})
    assert not Publication.objects.exists()


def test_the_database_refuses_to_go_live_while_a_job_runs(approved_leaflet, personas):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    Publication.objects.filter(pk=publication.pk).update(state="withdrawn", withdrawal_reason="test")
    tamil = text_of(approved_leaflet, "ta")
    _running_job(approved_leaflet, tamil, personas.author)
    pending = Publication.objects.create(
        leaflet=approved_leaflet, revision=approved_leaflet.current_revision, published_by=personas.publisher
    )
    refused_by_the_database(
        lambda: pending.texts.create(
            language_id="ta",
            text_version=tamil,
            content_hash=tamil.content_hash,
            edit_generation=tamil.edit_generation,
            native_approval=publication.texts.get(language_id="ta").native_approval,
            clinical_approval=publication.texts.get(language_id="ta").clinical_approval,
            title="x",
            body=[],
        ),
        "still running",
    )
