"""A printed leaflet breaks its pages where a reader expects: a red-flags box is never
cut in two, and a heading is never the last thing on a page."""

import pytest

from tests.publishing import comparable, make_pdf, page_count, pdf_text, skip_unless_printing, tico


@pytest.fixture(autouse=True)
def _printing():
    skip_unless_printing()


def _page_of(pdf, pages, sentence):
    where = [page for page in range(1, pages + 1) if comparable(sentence) in comparable(pdf_text(pdf, page=page))]
    assert where, sentence
    return where


def test_a_red_flags_box_is_never_cut_in_two():
    # Eight boxes of three sentences with a paragraph between them run over several
    # pages: page ends fall inside some of them unless boxes move whole to the next page.
    sentences = tico("ms", where=lambda row: 60 < len(row["ms"]) < 140, count=40)
    blocks, boxes = [], []
    for number in range(8):
        items = sentences[number * 4 : number * 4 + 3]
        blocks += [{"kind": "paragraph", "text": sentences[number * 4 + 3]}, {"kind": "red_flag", "items": items}]
        boxes.append(items)
    pdf = make_pdf("ms", title="Tanda bahaya", blocks=blocks, red_flags_label="Dapatkan bantuan segera")
    pages = page_count(pdf)
    assert pages >= 2
    for items in boxes:
        first, last = _page_of(pdf, pages, items[0]), _page_of(pdf, pages, items[-1])
        assert first == last, items


def test_a_heading_is_never_the_last_line_of_a_page():
    # A heading and its paragraph after 20 to 55 one-line list items: as the list grows
    # one line at a time, the heading passes the foot of the first page, where it would
    # be left alone if it were not kept with what follows.
    items = tico("en", where=lambda row: row["en"].isascii() and 15 < len(row["en"]) < 50, count=55)
    heading, paragraph = tico("en", where=lambda row: row["en"].isascii() and 100 < len(row["en"]) < 200, count=2)
    moved = 0
    for count in range(20, 56):
        blocks = [
            {"kind": "list_item", "items": items[:count]},
            {"kind": "heading", "text": heading},
            {"kind": "paragraph", "text": paragraph + " " + paragraph},
        ]
        pdf = make_pdf("en", title="Headings", blocks=blocks)
        pages = page_count(pdf)
        heading_pages = _page_of(pdf, pages, heading)
        assert heading_pages[-1] in _page_of(pdf, pages, paragraph[:40]), count
        moved += heading_pages[0] == 2
    assert moved, "the heading never reached the second page: the test did not test anything"
