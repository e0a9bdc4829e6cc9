"""A printed leaflet carries its own fonts and gives its words back: every font is
embedded, Tamil and Chinese come out of pdftotext, and the page is A4 with the
title and language in the document's metadata."""

import re

import pytest

from tests.publishing import comparable, inflated, make_pdf, page_count, pdf_text, poppler, skip_unless_printing, tico


@pytest.fixture(autouse=True)
def _printing():
    skip_unless_printing()


def _tamil_with_prebase_and_two_part_signs(row):
    return all(sign in row["ta"] for sign in "ெேை") and ("ொ" in row["ta"] or "ோ" in row["ta"])


def _leaflet(language, where=lambda row: True):
    sentences = tico(language, where=where, count=8)
    blocks = [
        {"kind": "heading", "text": sentences[1]},
        {"kind": "paragraph", "text": sentences[2] + " " + sentences[3]},
        {"kind": "list_item", "items": sentences[4:6]},
        {"kind": "red_flag", "items": sentences[6:8]},
    ]
    return sentences, make_pdf(language, title=sentences[0], blocks=blocks, red_flags_label=sentences[0][:12])


def _fonts(pdf):
    """(name, embedded) for each font pdffonts lists."""
    lines = poppler("pdffonts", pdf=pdf).decode("utf-8").splitlines()[2:]
    # name type... encoding emb sub uni object ID: the three yes/no columns come before the id.
    return [(line.split()[0], line.split()[-5]) for line in lines if line.strip()]


@pytest.mark.parametrize("language", ["en", "zh", "ms", "ta"])
def test_every_font_of_the_leaflet_is_embedded(language):
    _, pdf = _leaflet(language)
    fonts = _fonts(pdf)
    assert fonts, "pdffonts found no font at all"
    assert all(embedded == "yes" for _, embedded in fonts), fonts


def test_the_tamil_and_chinese_leaflets_embed_the_noto_tamil_and_cjk_faces():
    _, tamil = _leaflet("ta", _tamil_with_prebase_and_two_part_signs)
    _, chinese = _leaflet("zh")
    assert any("Noto-Sans-Tamil" in name for name, _ in _fonts(tamil)), _fonts(tamil)
    assert any("Noto-Sans-CJK-SC" in name for name, _ in _fonts(chinese)), _fonts(chinese)


def test_pdftotext_gives_the_tamil_sentences_back():
    sentences, pdf = _leaflet("ta", _tamil_with_prebase_and_two_part_signs)
    text = comparable(pdf_text(pdf))
    for sentence in sentences:
        assert comparable(sentence) in text, sentence


def test_pdftotext_gives_the_chinese_sentences_back():
    sentences, pdf = _leaflet("zh")
    text = comparable(pdf_text(pdf))
    for sentence in sentences:
        assert comparable(sentence) in text, sentence


def test_the_page_is_a4_and_the_document_has_the_title_and_language():
    sentences, pdf = _leaflet("ta", _tamil_with_prebase_and_two_part_signs)
    info = poppler("pdfinfo", pdf=pdf).decode("utf-8")
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M), info
    assert re.search(r"^Title:\s+(.*)$", info, re.M).group(1).strip() == sentences[0]
    # The catalogue's /Lang, so that screen readers choose a Tamil voice.
    assert b"/Lang (ta)" in inflated(pdf)


def test_pages_are_numbered_page_of_pages():
    paragraphs = tico("en", count=60)
    pdf = make_pdf("en", title="Numbered", blocks=[{"kind": "paragraph", "text": text} for text in paragraphs])
    pages = page_count(pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        assert f"Page {page} / {pages}" in pdf_text(pdf, page=page)
