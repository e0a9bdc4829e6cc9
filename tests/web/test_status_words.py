"""States in plain words on the leaflet page and the lists; each job leads to what it produced; chrF explained."""

from django.template.loader import render_to_string

from tests.conftest import TICO, make_leaflet, text_of, translate_all
from translations.jobs import job_queue_translation
from translations.models import Job, Provider, TargetSegment
from workbench.services import SegmentInput, revision_save

ROWS = TICO[:2]


def a_model():
    return Provider.objects.create(name="scripted", base_url="http://127.0.0.1:9/v1", model="scripted-model-1")


def edit_one_source_segment(leaflet, author):
    current = leaflet.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in current.segments.all()]
    rows[-1] = SegmentInput(kind=rows[-1].kind, text=rows[-1].text + " Ask your pharmacist.", key=rows[-1].key)
    revision_save(leaflet=leaflet, user=author, segments=rows, base_revision_number=current.number)
    leaflet.refresh_from_db()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_after_a_one_segment_source_edit_with_a_model_the_page_says_translate_again(personas, as_user):
    a_model()
    leaflet = make_leaflet(personas.author, languages=("en", "ta"), rows=ROWS)
    translate_all(leaflet, rows=ROWS)
    edit_one_source_segment(leaflet, personas.author)
    assert text_of(leaflet, "ta").state == "needs_human"  # what the stored state says, in its own words

    html = page(as_user(personas.author), f"/leaflets/{leaflet.pk}/")

    assert "1 changed segment: translate again" in html
    assert "Needs human translation" not in html


def test_without_a_model_the_changed_segment_waits_for_a_tamil_translator(personas, as_user):
    leaflet = make_leaflet(personas.author, languages=("en", "ta"), rows=ROWS)
    translate_all(leaflet, rows=ROWS)
    edit_one_source_segment(leaflet, personas.author)

    html = page(as_user(personas.author), f"/leaflets/{leaflet.pk}/")

    assert "1 segment to translate: waiting for a Tamil translator" in html
    assert "Needs human translation" not in html


def test_a_translated_text_names_whom_it_waits_for_on_the_lists(personas, as_user):
    leaflet = make_leaflet(personas.author, languages=("en", "ta"), rows=ROWS)
    translate_all(leaflet, rows=ROWS)

    html = page(as_user(personas.author), "/leaflets/")

    assert "waiting for a Tamil clinician" in html
    assert "waiting for a Tamil native speaker" in html
    assert "… Native-speaker review" not in html


def test_an_untouched_text_with_a_model_awaits_translation(personas, as_user):
    a_model()
    leaflet = make_leaflet(personas.author, languages=("en", "ta"), rows=ROWS)

    html = page(as_user(personas.author), f"/leaflets/{leaflet.pk}/")

    assert "Awaiting translation" in html
    assert "data-live-job" not in html  # nothing runs: nothing to follow


def test_a_running_job_is_followed_and_its_row_says_so(personas, as_user, needs_redis):
    a_model()
    leaflet = make_leaflet(personas.author, languages=("en", "ta"), rows=ROWS)
    (job,) = job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])

    html = page(as_user(personas.author), f"/leaflets/{leaflet.pk}/")

    assert "translating now" in html
    assert f'data-live-job="/jobs/{job.pk}/progress/"' in html
    assert "workbench/live_status" in html


def test_a_job_links_to_its_page_and_the_page_shows_the_text_it_produced(personas, as_user, needs_redis):
    a_model()
    leaflet = make_leaflet(personas.author, languages=("en", "ta"), rows=ROWS)
    (job,) = job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])
    translate_all(leaflet, rows=ROWS)
    Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED, progress_done=3, progress_total=3)
    tamil = text_of(leaflet, "ta")
    client = as_user(personas.author)

    leaflet_html = page(client, f"/leaflets/{leaflet.pk}/")
    assert f'href="/jobs/{job.pk}/"' in leaflet_html
    assert f'href="/review/{tamil.pk}/"' in leaflet_html

    job_html = page(client, f"/jobs/{job.pk}/")
    assert "3 of 3 segments translated by the model" in job_html
    assert f'href="/review/{tamil.pk}/"' in job_html
    for segment in TargetSegment.objects.filter(text_version=tamil):
        assert segment.text in job_html


def test_chrf_is_explained_and_green_when_the_segment_has_no_error():
    html = render_to_string("review/_chrf.html", {"chrf": 95.2, "has_error": False})

    assert "chrf badge ok" in html
    assert "back-translation similarity, 0–100" in html
    assert 'title="chrF: how close the back-translation is to the source' in html


def test_chrf_is_never_green_beside_an_error_on_the_same_segment():
    html = render_to_string("review/_chrf.html", {"chrf": 95.2, "has_error": True})

    assert "chrf badge neutral" in html
    assert "badge ok" not in html
    assert "this segment has an error to resolve first" in html
