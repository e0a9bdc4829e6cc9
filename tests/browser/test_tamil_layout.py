"""The Tamil review screen on a laptop (1280 px) and a tablet (800 px): the box the reviewer edits is wide
enough for Tamil, sits under the source when the screen is narrow, and no Tamil word is broken across lines.

The red flag is the longest warning in the TICO-19 set (the CDC's emergency symptoms, 489 Tamil
characters), read from ../shared/data/tico19 at run time. Screenshots: var/screenshots/review_tamil_1280.png
and review_tamil_800.png (copies kept in docs/screenshots/).
"""

from __future__ import annotations

import csv

import pytest

from tests.browser.conftest import ROOT
from tests.browser.helpers import HEADING
from tests.conftest import TICO, text_of, translate_all
from workbench.services import SegmentInput, leaflet_create

pytestmark = pytest.mark.browser

TICO_TSV = ROOT.parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"
LONG_RED_FLAG_ID = "Wikipedia_handpicked_1:1227"
SCREENSHOTS = ROOT / "var" / "screenshots"

# Where the box is, how wide its text area is, and whether any Tamil word is wider than a line of it
# (the only way a word can be split in a textarea without word-break: overflow-wrap's last resort).
TEXTAREA_FACTS = """(box) => {
  const style = getComputedStyle(box);
  const probe = document.createElement("span");
  for (const p of ["fontFamily", "fontSize", "fontWeight", "fontStyle", "letterSpacing", "fontKerning"]) {
    probe.style[p] = style[p];
  }
  Object.assign(probe.style, {position: "absolute", visibility: "hidden", whiteSpace: "pre"});
  probe.lang = box.lang;
  document.body.appendChild(probe);
  let widest = 0, widestWord = "";
  for (const word of box.value.split(/\\s+/).filter(Boolean)) {
    probe.textContent = word;
    const width = probe.getBoundingClientRect().width;
    if (width > widest) { widest = width; widestWord = word; }
  }
  probe.remove();
  const rect = box.getBoundingClientRect();
  const lineHeight = parseFloat(style.lineHeight);
  const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  return {
    width: rect.width, top: rect.top + scrollY, left: rect.left,
    inner: box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    widest, widestWord,
    wordBreak: style.wordBreak, overflowWrap: style.overflowWrap,
    lineHeight: lineHeight / parseFloat(style.fontSize),
    lines: Math.round((box.scrollHeight - padding) / lineHeight),
    scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
  };
}"""

# Words of a paragraph whose rendered boxes lie on more than one line: a word broken across lines.
BROKEN_WORDS = """(el) => {
  const broken = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


def long_red_flag() -> dict[str, str]:
    if not TICO_TSV.exists():
        pytest.skip(f"NEEDS THE TICO-19 DATA: {TICO_TSV} is missing")
    with TICO_TSV.open(encoding="utf-8", newline="") as data:
        row = next(r for r in csv.DictReader(data, delimiter="\t") if r["id"] == LONG_RED_FLAG_ID)
    return {language: row[language] for language in ("en", "zh", "ms", "ta")}


@pytest.fixture
def tamil_text(personas):
    red_flag = long_red_flag()
    leaflet = leaflet_create(
        user=personas.author,
        title="Questions about your symptoms",
        topic="Triage",
        audience="Adult patients",
        required_languages=["en", "zh", "ms", "ta"],
        segments=[SegmentInput(kind="heading", text=HEADING["en"])]
        + [SegmentInput(kind="paragraph", text=r["en"]) for r in TICO]
        + [SegmentInput(kind="red_flag", text=red_flag["en"])],
    )
    translate_all(leaflet, rows=[HEADING, *TICO, red_flag])
    return text_of(leaflet, "ta")


def open_review(open_as, personas, tamil_text, width: int, height: int):
    page = open_as(personas.reviewer("ta", "native"), ui_language="ta")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{page.base_url}/review/{tamil_text.pk}/")
    page.evaluate("document.fonts.ready")
    return page


def assert_no_tamil_word_is_broken(page):
    for box in page.locator('.seg textarea[lang="ta"]').all():
        facts = box.evaluate(TEXTAREA_FACTS)
        assert facts["wordBreak"] == "normal" and facts["overflowWrap"] != "anywhere", facts
        assert facts["widest"] <= facts["inner"], f"{facts['widestWord']!r} is wider than a line: {facts}"
        assert facts["scrollWidth"] <= facts["clientWidth"], facts
    paragraphs = page.locator('.seg-col p[lang="ta"]').all()
    assert paragraphs, "the model drafts are shown in Tamil"
    for paragraph in paragraphs:
        assert paragraph.evaluate("el => getComputedStyle(el).wordBreak") == "normal"
        assert paragraph.evaluate(BROKEN_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def red_flag_parts(page):
    segment = page.locator('.seg[data-kind="red_flag"]')
    box = segment.locator('textarea[lang="ta"]')
    source = segment.locator(".seg-col", has=page.locator('p[lang="en"]')).first
    return segment, box, source


def test_at_1280_px_the_tamil_box_is_beside_the_source_and_wide_enough(personas, open_as, tamil_text):
    page = open_review(open_as, personas, tamil_text, 1280, 800)
    segment, box, source = red_flag_parts(page)

    facts = box.evaluate(TEXTAREA_FACTS)
    source_box = source.bounding_box()
    assert facts["width"] >= 420, facts
    assert facts["left"] > source_box["x"] + source_box["width"] - 1  # beside the source, not under it
    assert 1.6 <= facts["lineHeight"] <= 2.0, facts  # room for Tamil's vowel signs above and below
    # 489 characters: about 25 lines in the old 210 px column, where a far shorter red flag took 12.
    assert facts["lines"] <= 11, facts
    assert_no_tamil_word_is_broken(page)
    assert page.js_errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    segment.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "review_tamil_1280.png"), full_page=True)


def test_at_800_px_the_tamil_box_is_under_the_source_across_the_width(personas, open_as, tamil_text):
    page = open_review(open_as, personas, tamil_text, 800, 900)
    segment, box, source = red_flag_parts(page)

    facts = box.evaluate(TEXTAREA_FACTS)
    source_box = source.bounding_box()
    segment_box = segment.bounding_box()
    assert facts["top"] >= source_box["y"] + page.evaluate("scrollY") + source_box["height"] - 1  # stacked
    assert facts["width"] >= segment_box["width"] * 0.85, (facts, segment_box)
    assert_no_tamil_word_is_broken(page)
    assert page.js_errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review_tamil_800.png"), full_page=True)
