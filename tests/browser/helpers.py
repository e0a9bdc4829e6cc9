"""What the browser tests share: a published leaflet, and which font Chromium really drew text with."""

from __future__ import annotations

from review.services import leaflet_publish
from tests.conftest import TICO, approve_everything, translate_all
from workbench.services import SegmentInput, leaflet_create

HEADING = {
    "en": "Questions about your symptoms",
    "zh": "关于您的症状的问题",
    "ms": "Soalan tentang simptom anda",
    "ta": "உங்கள் அறிகுறிகள் பற்றிய கேள்விகள்",
}
RED_FLAG = {
    "en": "Call 995 at once if you bleed from the gums or nose.",
    "zh": "如果牙龈或鼻子出血，请立即拨打995。",
    "ms": "Hubungi 995 segera jika gusi atau hidung anda berdarah.",
    "ta": "ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால் உடனே 995 ஐ அழைக்கவும்.",
}
ROWS = [HEADING] + TICO + [RED_FLAG]


def leaflet_with_red_flag(personas, *, title="Questions about your symptoms", red_flag=None):
    red_flag = red_flag or RED_FLAG
    leaflet = leaflet_create(
        user=personas.author,
        title=title,
        topic="Triage",
        audience="Adult patients",
        required_languages=["en", "zh", "ms", "ta"],
        segments=[SegmentInput(kind="heading", text=HEADING["en"])]
        + [SegmentInput(kind="paragraph", text=r["en"]) for r in TICO]
        + [SegmentInput(kind="red_flag", text=red_flag["en"])],
    )
    translate_all(leaflet, rows=[HEADING] + TICO + [red_flag])
    return leaflet


def published_leaflet(personas):
    leaflet = leaflet_with_red_flag(personas)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)
    return leaflet


def rendered_fonts(page, selector: str) -> list[str]:
    """The font families Chromium actually used to draw the element's text (DevTools CSS.getPlatformFontsForNode)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return [f["familyName"] for f in sorted(fonts, key=lambda f: -f["glyphCount"])]
