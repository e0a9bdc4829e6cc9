"""The quality dashboard: numbers from drafts, decisions, jobs and findings, with SVG bars."""

from decimal import Decimal

from review.services import translation_approve, translation_request_changes
from tests.conftest import approve_everything, text_of
from tests.support.review import seen
from translations.edits import target_segment_edit
from translations.models import Job, TargetSegment
from workbench.dashboard import quality_dashboard
from workbench.models import Leaflet


def test_it_measures_how_much_reviewers_changed_the_drafts(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    segment = TargetSegment.objects.filter(text_version=tamil).order_by("position").first()
    target_segment_edit(
        segment=segment,
        editor=personas.second_author,
        text="இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?",
        expected_seq=segment.edit_seq,
    )
    approve_everything(translated_leaflet, personas)

    data = quality_dashboard(Leaflet.objects.all())

    rows = {r.key: r for r in data.languages}
    assert rows["ta"].edits.segments == 3 and rows["ta"].edits.changed == 1  # the title and two paragraphs
    assert rows["ta"].edits.mean_chrf < 100
    assert rows["zh"].edits.mean_chrf == 100.0  # untouched drafts
    assert {m.key for m in data.models} == {"scripted-model-1"}
    assert data.fully_approved_texts == 4


def test_it_counts_change_requests_per_language(translated_leaflet, personas):
    malay = text_of(translated_leaflet, "ms")
    translation_approve(
        text_version=malay, expected_hash=seen(malay), reviewer=personas.reviewer("ms", "clinical"), stage="clinical"
    )
    translation_request_changes(
        text_version=malay, reviewer=personas.reviewer("ms", "native"), stage="native", comment="Use 'gejala'."
    )

    rows = {r.key: r for r in quality_dashboard(Leaflet.objects.all()).languages}

    assert rows["ms"].decisions.change_rate == 50.0
    assert rows["ta"].decisions.change_rate is None


def test_it_sums_tokens_and_cost_per_leaflet(leaflet, personas):
    Job.objects.create(
        kind="translate",
        leaflet=leaflet,
        language="ta",
        created_by=personas.author,
        tokens_in=1200,
        tokens_out=800,
        cost="0.0042",
        state="succeeded",
    )
    Job.objects.create(
        kind="translate",
        leaflet=leaflet,
        language="zh",
        created_by=personas.author,
        tokens_in=1000,
        tokens_out=700,
        cost="0.0030",
        state="succeeded",
    )

    (row,) = quality_dashboard(Leaflet.objects.all()).costs

    assert (row.jobs, row.tokens_in, row.tokens_out, row.cost) == (2, 2200, 1500, Decimal("0.0072"))


def test_the_page_draws_bar_charts_and_counts_findings_by_check(red_flag_leaflet, personas, as_user):
    for code in ("en", "zh", "ms"):  # Tamil keeps its QA error open
        for stage in ("native", "clinical"):
            translation_approve(
                text_version=text_of(red_flag_leaflet, code),
                expected_hash=seen(text_of(red_flag_leaflet, code)),
                reviewer=personas.reviewer(code, stage),
                stage=stage,
            )

    response = as_user(personas.publisher).get("/dashboard/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert "numbers" in html  # the Tamil QA error, by check


def test_outsiders_get_403(personas, as_user):
    assert as_user(personas.outsider).get("/dashboard/").status_code == 403


def test_a_reviewer_only_counts_leaflets_they_can_see(personas, as_user):
    from tests.conftest import make_leaflet

    make_leaflet(personas.author, languages=("en", "zh"), title="Chinese only")
    response = as_user(personas.reviewer("ta", "native")).get("/dashboard/")
    assert response.status_code == 200 and "Chinese only" not in response.content.decode()
