"""The QR code on the printed leaflet scans back to the online patient page, with
error correction M or higher, and the address is printed under it."""

import pytest

from tests.publishing import comparable, make_pdf, pdf_text, render, skip_unless_printing, tico

zxingcpp = pytest.importorskip("zxingcpp", reason="the QR decoder is missing: pip install zxing-cpp==3.1.1")

PAGE_URL = "https://leaflets.example.org/p/4711/ta/?v=3&utm=print"


@pytest.fixture(autouse=True)
def _printing():
    skip_unless_printing()


@pytest.mark.parametrize("language", ["en", "zh", "ms", "ta"])
def test_the_qr_code_decodes_to_the_page_url(language):
    sentences = tico(language, count=3)
    pdf = make_pdf(
        language,
        title=sentences[0],
        blocks=[{"kind": "paragraph", "text": sentence} for sentence in sentences[1:]],
        page_url=PAGE_URL,
    )
    # Scanned from the page as poppler prints it, at a phone camera's modest resolution.
    codes = [
        code for code in zxingcpp.read_barcodes(render(pdf, dpi=100)) if code.format == zxingcpp.BarcodeFormat.QRCode
    ]
    assert [code.text for code in codes] == [PAGE_URL]
    assert codes[0].ec_level in {"M", "Q", "H"}
    assert comparable(PAGE_URL) in comparable(pdf_text(pdf))


def test_a_leaflet_without_a_page_url_has_no_qr_code():
    pdf = make_pdf("en", title=tico("en", count=1)[0])
    assert zxingcpp.read_barcodes(render(pdf, dpi=100)) == []
