"""Helpers for the printed-leaflet tests: real TICO-19 sentences, one call to the
renderer, and poppler's tools to read the PDF back.

The tests skip (never fail) where PDFs cannot be made or poppler is missing, and
say what to install.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from workbench.pdf import leaflet_pdf, pdf_unavailable_reason

TICO_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"
HTML_LANG = {"en": "en", "zh": "zh-Hans", "ms": "ms", "ta": "ta"}
POPPLER_TOOLS = ("pdffonts", "pdftotext", "pdftoppm", "pdfinfo")
# Chinese text is only ideographs and full-width punctuation: every character is one
# em wide, so line lengths can be compared in characters.
PURE_CHINESE = re.compile(r"^[\u4e00-\u9fff，。、；：？！“”（）《》]+$")
# Text extraction puts Tamil pre-base vowel signs (ெ ே ை) where they are drawn, or
# drops them; compare Tamil with the vowel signs and virama left out.
_TAMIL_SIGNS = re.compile(r"[\u0bbe-\u0bcd\u0bd7]")


def skip_unless_printing(*, poppler: bool = True) -> None:
    reason = pdf_unavailable_reason()
    if reason is not None:
        pytest.skip(f"PDF printing is unavailable here: {reason}")
    if poppler:
        missing = [tool for tool in POPPLER_TOOLS if shutil.which(tool) is None]
        if missing:
            pytest.skip(f"{', '.join(missing)} not found: install poppler-utils (apt-get install poppler-utils)")


@functools.cache
def tico_rows() -> tuple[dict[str, str], ...]:
    if not TICO_PATH.exists():
        pytest.skip(f"TICO-19 reference data not found at {TICO_PATH} (../shared/data/tico19/)")
    with open(TICO_PATH, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def tico(language: str, *, where=lambda row: True, count: int) -> list[str]:
    """The first `count` sentences in `language` of the rows `where` accepts."""
    found = [row[language] for row in tico_rows() if row[language] and where(row)]
    assert len(found) >= count, f"TICO-19 has only {len(found)} such rows"
    return found[:count]


def make_pdf(language: str = "en", **overrides) -> bytes:
    arguments = {
        "html_lang": HTML_LANG[language],
        "language_code": language,
        "title": "",
        "blocks": [],
        "red_flags_label": "",
        "statements": [],
        "organisation": {"name": "", "contact": "", "web": "", "logo_path": ""},
        "page_url": "",
        "footer_note": "",
    }
    arguments.update(overrides)
    return leaflet_pdf(**arguments)


def poppler(tool: str, *arguments: str, pdf: bytes) -> bytes:
    """What a poppler tool writes to standard output about the PDF (poppler reads
    PDFs from files only)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "leaflet.pdf"
        path.write_bytes(pdf)
        to_stdout = ["-"] if tool == "pdftotext" else []
        result = subprocess.run([tool, *arguments, str(path), *to_stdout], capture_output=True, timeout=60, check=True)
        return result.stdout


def render(pdf: bytes, *, page: int = 1, dpi: int = 150, crop: tuple[int, int, int, int] | None = None) -> Image.Image:
    """Page `page` as poppler draws it, in grey, cropped to (x, y, width, height) pixels."""
    area = ["-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3])] if crop else []
    png = poppler("pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-png", *area, pdf=pdf)
    return Image.open(io.BytesIO(png)).convert("L")


def pdf_text(pdf: bytes, *, page: int | None = None) -> str:
    # -raw keeps the order in which the text was drawn: the default layout mode splits
    # a Tamil word at a pre-base vowel sign and may move its end into another column.
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return poppler("pdftotext", "-raw", "-enc", "UTF-8", *pages, pdf=pdf).decode("utf-8")


def page_count(pdf: bytes) -> int:
    info = poppler("pdfinfo", pdf=pdf).decode("utf-8", "replace")
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated, to look
    for dictionary entries such as the catalogue's /Lang."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
    return b"\n".join(parts)


def comparable(text: str) -> str:
    """Text as extraction can give it back: no whitespace, no Tamil vowel signs or virama."""
    return _TAMIL_SIGNS.sub("", "".join(text.split()))
