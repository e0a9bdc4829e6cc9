"""Where this server cannot make PDFs, publishing still works and the patient page says why there is no print.

The condition is made for real: a pytest run in a child process whose fontconfig
sees only DejaVu or Liberation (with no font at all Pango itself fails), so
WeasyPrint's test print embeds no Noto face.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from review.services import leaflet_publish
from workbench import pdf
from workbench.models import PublicationPdf


@pytest.mark.skipif(
    pdf.pdf_unavailable_reason() is None,
    reason="PDFs can be made here; test_with_the_fonts_hidden_... runs this in a process that sees no fonts",
)
def test_where_pdfs_cannot_be_made_publishing_works_and_the_pages_say_why(approved_leaflet, personas, as_user):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = as_user(None)

    page = client.get(f"/p/{approved_leaflet.pk}/en/")
    assert page.status_code == 200 and publication.state == "live"
    assert "its PDF libraries are not installed" in page.content.decode()
    assert "print.pdf" not in page.content.decode()

    response = client.get(f"/p/{approved_leaflet.pk}/en/print.pdf")
    assert response.status_code == 503
    assert "The print version is not available" in response.content.decode()
    assert not PublicationPdf.objects.exists()

    # The API says the same, with the reason for whoever runs the server.
    api = client.get(f"/api/published/{approved_leaflet.pk}/ta/pdf/", HTTP_ACCEPT="application/pdf")
    assert api.status_code == 503
    with translation.override("ta"):  # in the language of the page asked for
        assert api.json()["detail"] == pdf.pdf_unavailable_reason()
    assert "fonts-noto-core fonts-noto-cjk" in api.json()["detail"]
    assert not PublicationPdf.objects.exists()
    with pytest.raises(pdf.PdfUnavailable, match="fonts-noto-core fonts-noto-cjk"):
        pdf.leaflet_pdf(
            html_lang="en",
            language_code="en",
            title="t",
            blocks=[],
            red_flags_label="",
            statements=[],
            organisation={},
            page_url="http://x/",
            footer_note="",
        )


def test_with_the_fonts_hidden_pdfs_are_unavailable_and_the_pages_say_why(tmp_path: Path):
    if pdf.pdf_unavailable_reason() is not None:
        pytest.skip("PDFs are unavailable here anyway: the test above ran in this process")
    candidates = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
    others = [d for d in candidates if Path(d).is_dir()]
    if not others:
        pytest.skip("no non-Noto font directory (DejaVu or Liberation) to hide the Noto fonts behind")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><dir>{others[0]}</dir><cachedir>{tmp_path}</cachedir></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "FONTCONFIG_PATH": str(tmp_path)}
    # The child's own test database: SQLite in memory, never the one this run holds (PostgreSQL's
    # test database name would collide).
    env.pop("DATABASE_URL", None)
    env.pop("WORKBENCH_TEST_SQLITE", None)
    name = "test_where_pdfs_cannot_be_made_publishing_works_and_the_pages_say_why"
    test = f"{Path(__file__).relative_to(Path.cwd())}::{name}"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout[-3000:] + run.stderr[-2000:]
