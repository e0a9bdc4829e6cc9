"""A provider whose model or prompt changed since its evaluation is marked "needs revalidation", with the reason,
on the dashboard and on the page of every job it ran; one never evaluated is "not evaluated yet"."""

from __future__ import annotations

import re

from tests.dashboard_evidence.conftest import answered_as, evaluated, make_provider
from translations import llm
from translations.models import Job


def revalidation_mark(html: str, provider: str, language: str = "ta") -> str:
    """What the Tamil evidence says about `provider` needing revalidation ("" when nothing)."""
    section = html[html.index(f'id="evidence-{language}"') :]
    found = re.search(rf'<li data-revalidation="{provider}">(.*?)</li>', section, re.S)
    return found.group(1) if found else ""


def test_a_provider_answering_as_another_model_is_marked_on_the_dashboard_and_on_its_jobs(
    providers, leaflet, personas, as_user
):
    sharp = providers["sharp"]
    evaluated(sharp, chrf=71.5, reported_model="sharp-model")
    earlier = answered_as(sharp, "sharp-model", created_by=personas.author, leaflet=leaflet)
    later = answered_as(sharp, "sharp-model-2026-12", created_by=personas.author, leaflet=leaflet)

    dashboard = as_user(personas.publisher).get("/dashboard/").content.decode()
    later_page = as_user(personas.author).get(f"/jobs/{later.pk}/").content.decode()
    earlier_page = as_user(personas.author).get(f"/jobs/{earlier.pk}/").content.decode()

    reason = "It now answers as model sharp-model-2026-12; its last evaluation was of sharp-model."
    mark = revalidation_mark(dashboard, "sharp")
    assert reason in mark and "needs revalidation" in mark
    assert "needs revalidation" in later_page and reason in later_page
    assert "This job was answered by model sharp-model-2026-12; the last evaluation was of sharp-model." in later_page
    # The earlier job ran the evaluated model, but its provider has moved on: the mark is on every job it ran.
    assert "needs revalidation" in earlier_page and reason in earlier_page
    assert "This job was answered by model" not in earlier_page


def test_an_evaluation_with_an_old_prompt_marks_the_provider_and_keeps_it_out_of_the_suggestion(
    providers, personas, as_user
):
    evaluated(providers["sharp"], chrf=91.0, prompt_version="translate-v1")
    evaluated(providers["sloppy"], chrf=48.0)

    response = as_user(personas.publisher).get("/dashboard/")

    html = response.content.decode()
    assert f"Its last evaluation used prompt translate-v1; jobs now use {llm.TRANSLATE_VERSION}." in revalidation_mark(
        html, "sharp"
    )
    assert revalidation_mark(html, "sloppy") == ""
    [tamil] = [lang for lang in response.context["evidence"].languages if lang.code == "ta"]
    assert [row.provider.name for row in tamil.suggestion.rows] == ["sloppy"]


def test_a_provider_never_evaluated_is_marked_not_evaluated_yet(providers, leaflet, personas, as_user):
    fresh = make_provider("fresh")
    evaluated(providers["sharp"], chrf=71.5)
    job = answered_as(fresh, "fresh-model", created_by=personas.author, leaflet=leaflet)

    dashboard = as_user(personas.publisher).get("/dashboard/").content.decode()
    page = as_user(personas.author).get(f"/jobs/{job.pk}/").content.decode()

    tamil = dashboard[dashboard.index('id="evidence-ta"') :]
    not_evaluated = re.search(r"<p data-not-evaluated>.*?</p>", tamil, re.S).group(0)
    assert "fresh" in not_evaluated and "sharp" not in not_evaluated
    assert "not evaluated yet" in page and "fresh has not been evaluated into Tamil yet." in page
    assert "needs revalidation" not in page


def test_a_job_that_ran_the_evaluated_model_and_prompt_is_marked_evaluated(providers, leaflet, personas, as_user):
    sharp = providers["sharp"]
    evaluated(sharp, chrf=71.5, reported_model="sharp-model")
    job = answered_as(sharp, "sharp-model", created_by=personas.author, leaflet=leaflet)

    page = as_user(personas.author).get(f"/jobs/{job.pk}/").content.decode()

    assert "This job ran the model and prompt that were evaluated." in page
    assert "needs revalidation" not in page and "not evaluated yet" not in page


def test_a_job_with_an_older_prompt_than_the_evaluation_is_marked(providers, leaflet, personas, as_user):
    sharp = providers["sharp"]
    evaluated(sharp, chrf=71.5, reported_model="sharp-model")
    job = answered_as(sharp, "sharp-model", created_by=personas.author, leaflet=leaflet)
    Job.objects.filter(pk=job.pk).update(prompt_version="translate-v1")

    page = as_user(personas.author).get(f"/jobs/{job.pk}/").content.decode()

    assert "needs revalidation" in page
    assert f"This job used prompt translate-v1; the last evaluation used {llm.TRANSLATE_VERSION}." in page


def test_a_job_not_yet_run_by_a_provider_has_no_mark(leaflet, personas, as_user):
    job = Job.objects.create(kind=Job.Kind.TRANSLATE, leaflet=leaflet, language="ta", created_by=personas.author)

    page = as_user(personas.author).get(f"/jobs/{job.pk}/").content.decode()

    assert 'id="provider-evaluation"' not in page
