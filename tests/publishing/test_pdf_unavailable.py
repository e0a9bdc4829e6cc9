"""Where the printer cannot work (no Pango, no Noto fonts), the reason says what to
install, making a PDF refuses with that reason, and the check itself never raises."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_check():
    """The per-process check run again, and forgotten afterwards."""
    pdf._probe.cache_clear()
    yield
    pdf._probe.cache_clear()


def test_without_pango_the_reason_names_the_libraries_to_install(monkeypatch, fresh_check):
    # What importing WeasyPrint does when cffi cannot open libpango.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    reason = pdf.pdf_unavailable_reason()
    assert reason is not None
    assert "Pango" in reason and "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in reason


def test_making_a_pdf_refuses_with_the_reason(monkeypatch, fresh_check):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(pdf.PdfUnavailable, match="libpango-1.0-0"):
        pdf.leaflet_pdf(
            html_lang="en",
            language_code="en",
            title="Title",
            blocks=[],
            red_flags_label="",
            statements=[],
            organisation={"name": "", "contact": "", "web": "", "logo_path": ""},
            page_url="",
            footer_note="",
        )


def test_the_check_never_raises(monkeypatch, fresh_check):
    # A font list that cannot even be read: the check still answers with a sentence.
    monkeypatch.setattr(pdf, "FONT_STACKS", None)
    assert "PDFs cannot be made" in pdf.pdf_unavailable_reason()


def test_without_the_noto_fonts_the_reason_names_the_font_packages(tmp_path):
    if pdf.pdf_unavailable_reason() is not None and "Pango" in pdf.pdf_unavailable_reason():
        pytest.skip(f"PDF printing is unavailable here: {pdf.pdf_unavailable_reason()}")
    # A fontconfig that knows no font at all (where Pango itself would crash the
    # process), in a process of its own: fontconfig reads its configuration once.
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    script = (
        "import django; django.setup()\n"
        "from workbench.pdf import pdf_unavailable_reason\n"
        "print('REASON:', pdf_unavailable_reason())\n"
    )
    environment = {**os.environ, "FONTCONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "workbench.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    reason = [line for line in result.stdout.splitlines() if line.startswith("REASON:")]
    assert reason, result.stderr[-2000:]
    assert "Noto Sans Tamil" in reason[0] and "Noto Sans CJK SC" in reason[0]
    assert "fonts-noto-core fonts-noto-cjk" in reason[0]
