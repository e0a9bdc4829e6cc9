"""Leaflet text is printed as text: markup in it is shown literally, and printing
fetches nothing from the network or the disk, whatever the text or a logo asks for."""

import logging

import pytest
from weasyprint.urls import URLFetcher

from tests.publishing import comparable, make_pdf, pdf_text, skip_unless_printing

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="http://attacker.example/pixel.png">',
    "<style>@import url(http://attacker.example/a.css);</style>",
    "body { background: url(file:///etc/passwd) }",
    '<link rel="stylesheet" href="file:///etc/passwd">',
    "&lt;b&gt; &amp; </p></body>",
]


@pytest.fixture(autouse=True)
def _printing():
    skip_unless_printing()


@pytest.fixture
def fetched(monkeypatch):
    """Every URL that reached WeasyPrint's own fetcher (the one that opens sockets and files)."""
    urls = []
    real_fetch = URLFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    return urls


def test_markup_in_the_text_is_printed_literally_and_nothing_is_fetched(fetched):
    pdf = make_pdf(
        "en",
        title=HOSTILE[0],
        blocks=[
            {"kind": "heading", "text": HOSTILE[1]},
            {"kind": "paragraph", "text": HOSTILE[2]},
            {"kind": "list_item", "items": [HOSTILE[3]]},
            {"kind": "red_flag", "items": [HOSTILE[4]]},
        ],
        red_flags_label=HOSTILE[5],
        statements=[HOSTILE[3]],
        organisation={"name": HOSTILE[1], "contact": HOSTILE[4], "web": HOSTILE[3], "logo_path": ""},
        footer_note=HOSTILE[2],
    )
    text = comparable(pdf_text(pdf))
    for hostile in HOSTILE:
        assert comparable(hostile) in text, hostile
    assert [url for url in fetched if not url.startswith("data:")] == []


def _svg(tmp_path, inside):
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="10">'
        f'{inside}<rect width="40" height="10" fill="#036"/></svg>'
    )
    return {"name": "Clinic", "contact": "", "web": "", "logo_path": str(logo)}


def test_an_svg_logo_cannot_make_the_printer_fetch_a_file_or_a_web_address(tmp_path, fetched, caplog):
    organisation = _svg(
        tmp_path,
        '<image href="file:///etc/passwd" width="10" height="10"/>'
        '<image xlink:href="http://attacker.example/track.png" width="10" height="10"/>',
    )
    with caplog.at_level(logging.WARNING, logger="workbench.pdf"):
        pdf = make_pdf("en", title="Logo", organisation=organisation)
    assert pdf.startswith(b"%PDF")
    refused = [record.getMessage() for record in caplog.records if "Refused to fetch" in record.getMessage()]
    assert any("file:///etc/passwd" in message for message in refused), refused
    assert any("attacker.example/track.png" in message for message in refused), refused
    assert [url for url in fetched if not url.startswith("data:")] == []


def test_an_svg_logo_importing_a_stylesheet_fetches_nothing(tmp_path, fetched):
    organisation = _svg(tmp_path, "<style>@import url(http://attacker.example/logo.css);</style>")
    assert make_pdf("en", title="Logo", organisation=organisation).startswith(b"%PDF")
    assert [url for url in fetched if not url.startswith("data:")] == []


def test_a_logo_path_that_is_not_an_image_is_left_out(fetched, caplog):
    with caplog.at_level(logging.WARNING, logger="workbench.pdf"):
        pdf = make_pdf(
            "en", title="Logo", organisation={"name": "", "contact": "", "web": "", "logo_path": "/etc/passwd"}
        )
    assert b"root:" not in pdf
    assert "neither PNG nor SVG" in caplog.text
    assert fetched == []


def test_a_translated_page_number_cannot_break_out_of_the_page_style(monkeypatch):
    # The page number's words come from the catalogues into a CSS string; quotes,
    # braces and a closing tag in a translation stay words.
    from workbench import pdf as printer

    translated = '第 %(page)s / %(pages)s 页 "} body { display: none } </style><p>'
    monkeypatch.setattr(printer, "_", lambda message: translated if message.startswith("Page %(page)s") else message)
    pdf = make_pdf("zh", title="标题", blocks=[{"kind": "paragraph", "text": "正文"}])
    text = comparable(pdf_text(pdf))
    assert comparable('第 1 / 1 页 "} body { display: none } </style><p>') in text
    assert comparable("正文") in text
