"""The patient page in Tamil and Chinese: language tags, real Noto fonts, phone, print."""

import pytest

from tests.browser.conftest import shot
from tests.browser.helpers import HEADING, RED_FLAG, published_leaflet, rendered_fonts

pytestmark = pytest.mark.browser


def test_the_tamil_page_is_tagged_ta_and_drawn_with_noto_sans_tamil(personas, open_as):
    leaflet = published_leaflet(personas)
    page = open_as(None)

    response = page.goto(f"{page.base_url}/p/{leaflet.pk}/ta/")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "ta"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == HEADING["ta"] and heading.is_visible()
    assert heading.bounding_box()["width"] > 100  # drawn, not tofu-sized
    assert rendered_fonts(page, "h1")[0].startswith("Noto Sans Tamil")
    red_flags = page.locator(".red-flags")
    assert RED_FLAG["ta"] in red_flags.inner_text()
    assert red_flags.evaluate("e => getComputedStyle(e).borderTopColor") != "rgba(0, 0, 0, 0)"
    assert page.get_by_role("note").is_visible()  # the care-team note
    assert page.locator('a[hreflang="zh-Hans"]').inner_text() == "简体中文"
    shot(page, "patient-page-tamil", "ta")
    page.emulate_media(media="print")
    # On paper: whose leaflet it is stays; links, buttons and forms go.
    assert not page.locator(".public-header nav").is_visible()
    assert not page.locator(".page-actions").is_visible()
    shot(page, "patient-page-tamil-print", "ta")


def test_the_chinese_page_is_tagged_zh_hans_and_drawn_with_noto_sans_cjk_sc(personas, open_as):
    leaflet = published_leaflet(personas)
    page = open_as(None, mobile=True)

    page.goto(f"{page.base_url}/p/{leaflet.pk}/zh/")

    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_text("这些症状已持续多长时间？").is_visible()
    fonts = rendered_fonts(page, "article p")
    assert fonts[0] in ("Noto Sans CJK SC", "Noto Sans SC"), fonts
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    shot(page, "patient-page-chinese-phone", "zh-hans")


def test_the_other_language_links_lead_to_the_same_leaflet(personas, open_as):
    leaflet = published_leaflet(personas)
    page = open_as(None)
    page.goto(f"{page.base_url}/p/{leaflet.pk}/en/")

    page.get_by_role("link", name="தமிழ்").click()

    assert page.url.endswith(f"/p/{leaflet.pk}/ta/")
    assert page.get_by_role("heading", level=1).inner_text() == HEADING["ta"]
