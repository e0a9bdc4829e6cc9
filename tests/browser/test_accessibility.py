"""axe-core on the pages patients and reviewers use: no serious or critical violations; the patient page at 200% zoom.

axe-core comes from the npm registry (`make test` installs it into var/npm); without it these tests skip and say so.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from django.test import Client

from review.models import Publication
from review.services import publication_withdraw
from tests.browser.conftest import ROOT, shot
from tests.browser.helpers import leaflet_with_red_flag, published_leaflet
from tests.conftest import text_of

pytestmark = pytest.mark.browser

AXE = ROOT / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser, live_server):
    """axe_page(user=None, viewport=...) -> a page in a context that lets axe's script in past the CSP."""
    if not AXE.exists():
        message = f"ACCESSIBILITY TESTS SKIPPED: {AXE} is missing; run `make test` (npm install axe-core)."
        sys.stderr.write("\n" + message + "\n")
        pytest.skip(message)
    from django.conf import settings

    contexts = []

    def open_page(user=None, viewport=None):
        # bypass_csp: axe is injected as an inline script, which the site's CSP rightly refuses.
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, bypass_csp=True)
        context.set_default_timeout(8000)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    found = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    report = ROOT / "test-artifacts" / "axe"
    report.mkdir(parents=True, exist_ok=True)
    name = page.url.split("://", 1)[1].split("/", 1)[1].strip("/").replace("/", "-") or "root"
    (report / f"{name}.json").write_text(json.dumps(result["violations"], indent=1))
    return found


@pytest.mark.parametrize("lang", ["en", "zh", "ms", "ta"])
def test_the_patient_page_has_no_serious_accessibility_violations(personas, axe_page, lang):
    leaflet = published_leaflet(personas)
    page = axe_page()
    page.goto(f"{page.base_url}/p/{leaflet.pk}/{lang}/")

    assert serious_violations(page) == []


def test_the_withdrawn_notice_has_no_serious_accessibility_violations(personas, axe_page):
    leaflet = published_leaflet(personas)
    publication_withdraw(
        publication=Publication.objects.get(leaflet=leaflet), user=personas.publisher, reason="Outdated."
    )
    page = axe_page()
    response = page.goto(f"{page.base_url}/p/{leaflet.pk}/ta/")

    assert response.status == 410
    assert serious_violations(page) == []


def test_the_review_screen_has_no_serious_accessibility_violations(personas, axe_page):
    leaflet = leaflet_with_red_flag(personas)
    page = axe_page(personas.reviewer("ta", "clinical"))
    page.goto(f"{page.base_url}/review/{text_of(leaflet, 'ta').pk}/")

    assert page.get_by_role("heading", level=1).is_visible()
    assert serious_violations(page) == []


def test_the_patient_page_works_at_200_percent_zoom_with_tap_targets_of_44_px(personas, axe_page):
    leaflet = published_leaflet(personas)
    # 200% zoom of a 1280 px window lays the page out in 640 CSS pixels.
    page = axe_page(viewport={"width": 640, "height": 450})
    page.goto(f"{page.base_url}/p/{leaflet.pk}/ta/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 640  # no sideways scrolling
    for link in page.locator(".language-links a, .page-actions .button").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (link.inner_text(), box)
    assert page.get_by_role("heading", level=1).is_visible()
    shot(page, "patient-page-zoom-200", "ta")


def test_the_patient_page_prints_cleanly(personas, axe_page, tmp_path):
    leaflet = published_leaflet(personas)
    page = axe_page()
    page.goto(f"{page.base_url}/p/{leaflet.pk}/zh/")
    page.emulate_media(media="print")

    assert page.locator(".red-flags").is_visible() and page.locator(".trust").is_visible()
    assert not page.locator(".public-header nav").is_visible() and not page.locator(".page-actions").is_visible()
    pdf = Path(tmp_path / "print.pdf")
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 5000
