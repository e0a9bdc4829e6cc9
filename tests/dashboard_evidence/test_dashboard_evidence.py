"""The dashboard shows each language's provider evaluations side by side: a table and a server-drawn SVG plot.

No JavaScript library draws it: the figures are in the page as text (the
table, the plot's <desc>) and as SVG shapes; the page's queries do not grow with
the number of providers, results or runs.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboard_evidence.conftest import answered_as, evaluated, make_provider
from translations.models import EvaluationRun, Provider
from translations.provider_services import routing_bound_save
from workbench.dashboard import provider_evidence
from workbench.models import UserPreference


def section(html: str, language: str) -> str:
    start = html.index(f'id="evidence-{language}"')
    end = html.find('<section class="card evidence"', start + 1)
    return html[start : end if end != -1 else len(html)]


def test_each_language_shows_the_providers_latest_figures_side_by_side(providers, personas, as_user):
    sharp, sloppy = providers["sharp"], providers["sloppy"]
    evaluated(sharp, chrf=52.0, ago=timedelta(days=3))  # an older run: superseded
    evaluated(sharp, chrf=71.5, cost="0.020000", latency_p95_s=2.5)
    evaluated(sloppy, chrf=48.0, cost="0.005000", latency_p95_s=0.8)
    evaluated(sloppy, "zh", chrf=66.0)

    response = as_user(personas.publisher).get("/dashboard/")

    html = response.content.decode()
    tamil = section(html, "ta")
    assert re.findall(r'<tr data-provider="(\w+)"', tamil) == ["sharp", "sloppy"]  # best chrF first
    sharp_row = re.search(r'<tr data-provider="sharp".*?</tr>', tamil, re.S).group(0)
    for figure in ("71.5", "35.8", "2%", "10%", "4000 / 4500", "0.0200", "1.25 s", "2.50 s", "100 / 100"):
        assert figure in sharp_row, figure
    assert "sharp-model" in sharp_row and "translate-v" in sharp_row and "suggested" in sharp_row
    assert "52.0" not in tamil
    assert re.findall(r'<tr data-provider="(\w+)"', section(html, "zh")) == ["sloppy"]
    assert "No provider has been evaluated into this language yet." in section(html, "ms")


def test_the_plot_is_an_inline_svg_with_a_text_alternative_and_axis_labels(providers, personas, as_user):
    evaluated(providers["sharp"], chrf=71.5, cost="0.020000", latency_p95_s=2.5)
    evaluated(providers["sloppy"], chrf=48.0, cost="0.005000", latency_p95_s=0.8)

    html = as_user(personas.publisher).get("/dashboard/").content.decode()

    tamil = section(html, "ta")
    svg = re.search(r"<svg .*?</svg>", tamil, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="evidence-plot-ta-title evidence-plot-ta-desc"' in svg
    assert '<title id="evidence-plot-ta-title">Evaluation of the providers into Tamil</title>' in svg
    desc = re.search(r'<desc id="evidence-plot-ta-desc">(.*?)</desc>', svg, re.S).group(1)
    assert "sharp: chrF 71.5, cost per 100 segments 0.0200, latency p95 2.50 s (suggested)" in desc
    assert "sloppy: chrF 48.0, cost per 100 segments 0.0050, latency p95 0.80 s (fallback)" in desc
    assert "chrF against the reference (0–100, higher is better)" in svg  # the axis label
    # Bars to scale: 250 units is chrF 100.
    widths = re.findall(r'<rect x="170" y="6" width="([\d.]+)"', svg)
    assert widths == ["178.8", "120.0"]
    assert "<script" not in tamil and "http" not in svg.replace("http://www.w3.org", "")


def test_the_plot_marks_a_provider_outside_the_bounds(providers, provider_manager, personas, as_user):
    evaluated(providers["sharp"], chrf=71.5, latency_p95_s=9.0)
    evaluated(providers["sloppy"], chrf=48.0, latency_p95_s=0.8)
    routing_bound_save(actor=provider_manager, language="ta", max_cost_per_100_segments=None, max_latency_p95_s=3.0)

    html = as_user(personas.publisher).get("/dashboard/").content.decode()

    tamil = section(html, "ta")
    assert "sharp: chrF 71.5, cost per 100 segments 0.0100, latency p95 9.00 s (over the latency bound)" in tamil
    assert "latency p95 at most 3 s" in tamil


@pytest.mark.parametrize("ui", ["en", "zh-hans", "ms", "ta"])
def test_the_evidence_renders_in_every_interface_language(ui, providers, provider_manager, as_user):
    evaluated(providers["sharp"], chrf=71.5)
    evaluated(providers["sloppy"], chrf=48.0)
    UserPreference.objects.create(user=provider_manager, ui_language=ui)

    response = as_user(provider_manager).get("/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    # Coordinates are never localised (a decimal comma would break the drawing).
    assert re.findall(r'<rect x="170" y="6" width="([\d.]+)"', section(html, "ta")) == ["178.8", "120.0"]


def test_someone_who_only_manages_providers_sees_the_dashboard_and_an_outsider_does_not(
    providers, provider_manager, personas, as_user
):
    assert as_user(provider_manager).get("/dashboard/").status_code == 200
    assert as_user(personas.outsider).get("/dashboard/").status_code == 403


def _add_evidence(personas, provider_manager, *, providers: int, runs: int, start: int = 0) -> None:
    """`providers` more providers, each evaluated `runs` times into every language, with jobs and bounds."""
    for n in range(start, start + providers):
        provider = make_provider(f"p{n}")
        for language in ("en", "zh", "ms", "ta"):
            for r in range(runs):
                evaluated(provider, language, chrf=40.0 + n + r, ago=timedelta(minutes=60 - r))
        answered_as(provider, f"p{n}-model-new" if n % 2 else f"p{n}-model", created_by=personas.author)
    EvaluationRun.objects.create(language="ta", reference="memory", created_by=provider_manager)
    EvaluationRun.objects.create(
        language="ms", reference="tico19-dev.tsv", state=EvaluationRun.State.FAILED, error="The reference is empty."
    )
    for language in ("zh", "ms"):
        routing_bound_save(
            actor=provider_manager,
            language=language,
            max_cost_per_100_segments=Decimal("0.5") + start,
            max_latency_p95_s=None,
        )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_providers_results_or_runs(
    providers, provider_manager, personas, as_user, django_assert_num_queries
):
    client = as_user(provider_manager)
    _add_evidence(personas, provider_manager, providers=2, runs=1)
    client.get("/dashboard/")  # the first request of the process fills Django's content-type cache
    small = _queries(client)
    with CaptureQueriesContext(connection) as captured:
        provider_evidence()
    evidence_small = len(captured)

    _add_evidence(personas, provider_manager, providers=8, runs=3, start=2)
    assert Provider.objects.count() == 12

    with django_assert_num_queries(small):
        client.get("/dashboard/")
    with django_assert_num_queries(evidence_small):
        provider_evidence()
    print({"dashboard page": small, "provider evidence": evidence_small})


def test_without_any_provider_one_line_says_so(personas, as_user):
    html = as_user(personas.publisher).get("/dashboard/").content.decode()

    assert "No model provider is configured yet." in html
    assert 'id="evidence-ta"' not in html
