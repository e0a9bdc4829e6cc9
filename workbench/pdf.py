"""The printed leaflet: one A4 PDF per published language.

WeasyPrint lays the page out through Pango and HarfBuzz, the same shaping
engine browsers use, so Tamil clusters (pre-base and two-part vowel signs) and
Chinese line breaks come out as on the patient page; it embeds subsets of the
Noto fonts. Everything it is given is text from the database: the template
escapes it, and the URL fetcher refuses every resource but data: URLs, so a
leaflet can neither fetch from the network nor read a local file. The logo, the
one file we read, is read here, checked to be a PNG or SVG, and handed over as
a data: URL.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import logging
import re
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Pango picks a font per run of script from this list, so each language leads with
# its own face and keeps the others for words quoted from another script.
FONT_STACKS = {
    "en": ["Noto Sans", "Noto Sans Tamil", "Noto Sans CJK SC"],
    "ms": ["Noto Sans", "Noto Sans Tamil", "Noto Sans CJK SC"],
    "zh": ["Noto Sans CJK SC", "Noto Sans", "Noto Sans Tamil"],
    "ta": ["Noto Sans Tamil", "Noto Sans", "Noto Sans CJK SC"],
}
INSTALL_FONTS = "fonts-noto-core fonts-noto-cjk"
INSTALL_PANGO = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
# WeasyPrint names an embedded subset "ABCDEF+Noto-Sans-Tamil": the family, dashed.
_EMBEDDED_FONT_RE = re.compile(rb"/BaseFont\s*/[A-Z]{6}\+([^\s/\[\]<>()]+)")
LOGO_MAX_BYTES = 2 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class PdfUnavailable(Exception):
    """PDFs cannot be made on this machine; the message says what to install."""


def pdf_unavailable_reason() -> str | None:
    """None when PDFs can be made here; else a sentence for a person saying what to install.

    The check runs once per process (it renders a few words of Tamil and Chinese,
    which also loads the fonts every later PDF needs); the sentence is translated
    on each call, into the language active then."""
    try:
        problem = _probe()
    except Exception:  # never raises: a broken check is a reason too
        logger.exception("PDF availability check failed")
        problem = ("failed", "see the server log")
    if problem is None:
        return None
    kind, detail = problem
    if kind == "pango":
        return _(
            "PDFs cannot be made on this server: WeasyPrint cannot load Pango (%(error)s). Install %(packages)s."
        ) % {
            "error": detail,
            "packages": INSTALL_PANGO,
        }
    if kind == "fonts":
        return _("PDFs cannot be made on this server: the fonts %(fonts)s are missing. Install %(packages)s.") % {
            "fonts": detail,
            "packages": INSTALL_FONTS,
        }
    return _("PDFs cannot be made on this server: a test print failed (%(error)s).") % {"error": detail}


@functools.cache
def _probe() -> tuple[str, str] | None:
    """None, or (what is wrong, detail) in words that need no translation."""
    try:
        # WeasyPrint prints a long troubleshooting note to stdout when a library is
        # missing; the reason says it in one sentence instead.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except Exception as error:  # OSError from cffi when a library is missing
        return ("pango", str(error))
    # Pango crashes the process (SIGSEGV) when fontconfig knows no font at all, so the
    # families are looked up before anything is rendered.
    missing = [family for family in FONT_STACKS["en"] if family not in _installed_families(FONT_STACKS["en"])]
    if missing:
        return ("fonts", ", ".join(missing))
    html = (
        '<html lang="en"><body><p style="font-family: \'Noto Sans\'">Aa</p>'
        '<p lang="ta" style="font-family: \'Noto Sans Tamil\'">கொ</p>'
        '<p lang="zh-Hans" style="font-family: \'Noto Sans CJK SC\'">中文</p></body></html>'
    )
    try:
        probe = _write_pdf(html, uncompressed=True)
    except Exception as error:
        logger.exception("PDF test print failed")
        return ("failed", str(error))
    # Fontconfig substitutes another face for a family it cannot give without a word:
    # only the embedded fonts tell whether the Noto faces are the ones used.
    embedded = {name.decode("ascii", "replace") for name in _EMBEDDED_FONT_RE.findall(probe)}
    missing = [family for family in FONT_STACKS["en"] if family.replace(" ", "-") not in embedded]
    return ("fonts", ", ".join(missing)) if missing else None


def _installed_families(wanted: list[str]) -> set[str]:
    """Which of the `wanted` families fontconfig lists, through the library WeasyPrint
    itself loaded (so the same configuration and FONTCONFIG_FILE)."""
    try:
        from weasyprint.text.ffi import ffi, fontconfig  # type: ignore[import-untyped]
    except (ImportError, AttributeError):  # another WeasyPrint: let the test print decide
        logger.warning("Cannot list fonts through WeasyPrint's fontconfig binding")
        return set(wanted)
    config = ffi.gc(fontconfig.FcInitLoadConfigAndFonts(), fontconfig.FcConfigDestroy)
    fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
    found: set[str] = set()
    if fonts == ffi.NULL:
        return found
    value = ffi.new("FcChar8 **")
    for index in range(fonts.nfont):
        # A face has several family names (one per language); any of them counts.
        number = 0
        while fontconfig.FcPatternGetString(fonts.fonts[index], b"family", number, value) == fontconfig.FcResultMatch:
            family = ffi.string(value[0]).decode("utf-8", "replace")
            if family in wanted:
                found.add(family)
            number += 1
    return found


def leaflet_pdf(
    *,
    html_lang: str,
    language_code: str,
    title: str,
    blocks: list[dict],
    red_flags_label: str,
    statements: list[str],
    organisation: dict,
    page_url: str,
    footer_note: str,
) -> bytes:
    """A4 PDF of one published language, from exactly the blocks the patient page renders.

    blocks: {"kind": "heading"|"paragraph", "text"} or {"kind": "list_item"|"red_flag", "items"}.
    statements: lines printed below the text, already in the page's language.
    organisation: {"name", "contact", "web", "logo_path"}, any of them "".
    page_url: what the QR code encodes, also printed under it."""
    reason = pdf_unavailable_reason()
    if reason is not None:
        raise PdfUnavailable(reason)
    # The template's own words are for the patient, so in the leaflet's language.
    with translation.override(_ui_language(language_code, html_lang)):
        context = {
            "html_lang": html_lang,
            "title": title,
            "blocks": blocks,
            "red_flags_label": red_flags_label,
            "statements": [line for line in statements if line],
            "organisation": organisation,
            "logo_src": _logo_data_url(organisation.get("logo_path") or ""),
            "page_url": page_url,
            "qr_svg": _qr_svg(page_url) if page_url else "",
            "footer_note": footer_note,
            "font_stack": ", ".join(f"'{family}'" for family in FONT_STACKS.get(language_code, FONT_STACKS["en"])),
            "page_counter_css": _page_counter_css(_("Page %(page)s / %(pages)s")),
        }
        html = render_to_string("workbench/print_leaflet.html", context)
    return _write_pdf(html)


def _write_pdf(html: str, *, uncompressed: bool = False) -> bytes:
    from weasyprint import HTML

    # No base_url: nothing in the document is relative to a web address or a folder.
    return HTML(string=html, base_url=None, url_fetcher=_fetcher_class()()).write_pdf(
        uncompressed_pdf=uncompressed, pdf_tags=True
    )


@functools.cache
def _fetcher_class() -> type:
    # Built on first use: WeasyPrint is imported only once we know Pango loads.
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class DataOnlyFetcher(URLFetcher):
        """Serves data: URLs and refuses everything else: a leaflet reads nothing from
        the network or the disk, whatever its text or an SVG logo asks for."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                logger.warning("Refused to fetch %r while printing a leaflet", url[:200])
                raise ValueError("printed leaflets fetch nothing but data: URLs")
            return super().fetch(url, headers)

    return DataOnlyFetcher


def _ui_language(language_code: str, html_lang: str) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    for candidate in (html_lang.lower(), language_code.lower()):
        if candidate in available:
            return candidate
    return settings.LANGUAGE_CODE


def _qr_svg(page_url: str) -> str:
    # Error correction M at least (segno raises it when that fits in the same size):
    # a folded or smudged leaflet still scans. The SVG has no size, only a viewBox,
    # so the stylesheet sets it in millimetres.
    qr = segno.make(page_url, error="m", micro=False)
    return qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff")


def _logo_data_url(logo_path: str) -> str:
    """The organisation's logo as a data: URL, or "" (with a log line) when it is not a
    readable PNG or SVG: a missing logo must not stop a leaflet from printing."""
    if not logo_path:
        return ""
    path = Path(logo_path)
    try:
        if path.stat().st_size > LOGO_MAX_BYTES:
            logger.warning("Logo %s is larger than %d bytes; printing without it", path, LOGO_MAX_BYTES)
            return ""
        data = path.read_bytes()
    except OSError as error:
        logger.warning("Logo %s cannot be read (%s); printing without it", path, error)
        return ""
    if data.startswith(_PNG_MAGIC):
        mime = "image/png"
    elif path.suffix.lower() == ".svg" and re.search(rb"<svg[\s>]", data[:4096]):
        mime = "image/svg+xml"
    else:
        logger.warning("Logo %s is neither PNG nor SVG; printing without it", path)
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


_PLACEHOLDER_RE = re.compile(r"%\((page|pages)\)s")


def _page_counter_css(label: str) -> str:
    """The translated page label as a CSS content value: "Page %(page)s / %(pages)s"
    becomes "Page " counter(page) " / " counter(pages)."""
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER_RE.finditer(label):
        if match.start() > position:
            parts.append(_css_string(label[position : match.start()]))
        parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(label):
        parts.append(_css_string(label[position:]))
    return " ".join(parts) or "counter(page)"


def _css_string(text: str) -> str:
    # Every character but ASCII letters and digits as a six-digit escape: nothing in a
    # translation can close the string, the rule or the <style> element. The space after
    # each escape ends it and is not part of the text (CSS Syntax, "consume an escape").
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x} " for c in text) + '"'
