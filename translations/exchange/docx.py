"""Word (.docx) leaflets in and out: a pure reader and writer over a neutral document shape.

Writer: the leaflet's title in the Title style, headings, paragraphs, bulleted
list items, and the red flags as a bordered, shaded box (the "Red Flag" style)
under a red-flags heading in the document's language that is not a segment.
Every segment paragraph is wrapped in a bookmark named after its key, so a
document sent round Word keeps the identity of each paragraph. The leaflet,
language, revision and content hash go into the core properties.

Reader: the same shapes back (Heading 1–9 or an outline level, Title, List*
styles or numbering, the red-flags block after a red-flag heading in any of
the four languages or in a configured style), and a report of everything it
does not import (tables, images, text boxes, tracked changes, comments,
fields, notes, headers and footers). The file is hostile until proven
otherwise: its size, the ZIP's member count and unpacked size, macros,
encryption and document type declarations are checked before python-docx
sees it, and python-docx follows no external relationship (it records their
targets as strings and never opens them).

No Django model is imported here (tests/exchange/test_docx_layers.py).
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from lxml import etree

from translations.exchange.documents import BadFile

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"

# The file's origin in the core properties' identifier, read back on import.
IDENTIFIER_PREFIX = "leaflet-workbench:"
CATEGORY = "leaflet-workbench"

KINDS = ("title", "heading", "paragraph", "list_item", "red_flag")
DEFAULT_RED_FLAG_STYLES = ("Red Flag", "Red Flags", "Warning")

# Style names the writer creates (the reader recognises the first among the
# configured red-flag styles, which include it by default, and also by name).
RED_FLAG_STYLE = "Red Flag"
RED_FLAG_HEADING_STYLE = "Red Flags Heading"
NOT_TRANSLATED_STYLE = "Not Translated"

# A ZIP bomb is refused from its directory, before anything is unpacked:
# a leaflet is a few dozen parts and unpacks to a few times its size.
MAX_MEMBERS = 1000
UNPACKED_FACTOR = 5

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"

# Phrases that open a red-flags block, per language: the first is what the
# writer puts above the box (the patient page says the same, "Get help at
# once"). Compared after _normalise (case, punctuation, symbols such as ⚠,
# whitespace); a heading that starts with a phrase matches too ("Seek medical
# help immediately if you have:").
RED_FLAG_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "Get help at once",
        "When to seek help",
        "Seek medical help immediately if",
        "Seek medical help immediately",
        "Seek help immediately if",
        "When to get help",
        "When to seek medical help",
        "Red flags",
    ),
    "zh": ("请立即求助", "何时就医", "立即就医", "何时求助", "出现以下情况请立即就医", "如有以下情况请立即就医"),
    "ms": (
        "Dapatkan bantuan segera",
        "Bila perlu dapatkan bantuan",
        "Bila perlu mendapatkan bantuan",
        "Dapatkan rawatan segera jika",
        "Dapatkan rawatan perubatan segera jika",
        "Dapatkan bantuan perubatan dengan segera jika",
    ),
    "ta": (
        "உடனே உதவி பெறுங்கள்",
        "உடனடியாக மருத்துவ உதவி பெறுங்கள்",
        "எப்போது உதவி பெற வேண்டும்",
        "எப்போது மருத்துவ உதவி பெற வேண்டும்",
    ),
}

# What an untranslated segment says in an exported text, in that text's language.
NOT_TRANSLATED_MARKER = {
    "en": "Not yet translated",
    "zh": "尚未翻译",
    "ms": "Belum diterjemahkan",
    "ta": "இன்னும் மொழிபெயர்க்கப்படவில்லை",
}

# Fonts that carry each script, and what Word substitutes when they are not
# installed (the font table's altName): Tamil is a complex script in Word (the
# cs slot), Chinese an East Asian one.
LATIN_FONT, CJK_FONT, TAMIL_FONT = "Noto Sans", "Noto Sans CJK SC", "Noto Sans Tamil"
FONT_FALLBACKS = {
    LATIN_FONT: ("Arial", "00", "swiss"),
    CJK_FONT: ("Microsoft YaHei", "86", "swiss"),
    TAMIL_FONT: ("Latha", "00", "swiss"),
}
WORD_LANG = {"en": "en-SG", "zh": "zh-CN", "ms": "ms-MY", "ta": "ta-IN"}

BOOKMARK_RE = re.compile(r"^seg_([0-9a-f]{32})$")


def bookmark_name(key: uuid.UUID) -> str:
    """Word allows 40 letters, digits and underscores, starting with a letter: "seg_" + 32 hex digits."""
    return f"seg_{key.hex}"


@dataclass(frozen=True)
class DocBlock:
    kind: str
    text: str
    key: uuid.UUID | None = None
    paragraph: int = 0  # where the reader found it (1-based), 0 for a block to write
    # Writer: a target segment nobody has translated yet. It is written as a
    # marked placeholder, the source beside it labelled as such, never as if it
    # were the translation; the reader skips it and reports it.
    untranslated: bool = False
    source: str = ""


NOT_IMPORTED_KINDS = (
    "table",
    "image",
    "text_box",
    "embedded_object",
    "equation",
    "tracked_change",
    "comment",
    "field",
    "footnote",
    "endnote",
    "header",
    "footer",
    "untranslated",
)


@dataclass(frozen=True)
class NotImported:
    kind: str  # one of NOT_IMPORTED_KINDS
    paragraph: int | None  # the paragraph it is in (a table: the one before it); None: outside the body
    preview: str = ""
    detail: str = ""  # what became of it, when there is more to say than "not imported"

    @property
    def label(self) -> str:
        labels = {
            "table": pgettext("part of a Word document", "Table"),
            "image": pgettext("part of a Word document", "Image"),
            "text_box": pgettext("part of a Word document", "Text box"),
            "embedded_object": pgettext("part of a Word document", "Embedded object"),
            "equation": pgettext("part of a Word document", "Equation"),
            "tracked_change": pgettext("part of a Word document", "Tracked change"),
            "comment": pgettext("part of a Word document", "Comment"),
            "field": pgettext("part of a Word document", "Field"),
            "footnote": pgettext("part of a Word document", "Footnote"),
            "endnote": pgettext("part of a Word document", "Endnote"),
            "header": pgettext("part of a Word document", "Page header"),
            "footer": pgettext("part of a Word document", "Page footer"),
            "untranslated": pgettext("part of a Word document", "Untranslated placeholder"),
        }
        return labels.get(self.kind, self.kind)

    @property
    def where(self) -> str:
        if self.paragraph is None:
            return _("outside the body text")
        if self.kind == "table":
            return _("after paragraph %(n)s") % {"n": self.paragraph}
        return _("paragraph %(n)s") % {"n": self.paragraph}

    @property
    def outcome(self) -> str:
        return self.detail or _("not imported")

    def as_audit_dict(self) -> dict:
        # No preview: the audit must not hold document text.
        return {"kind": self.kind, "paragraph": self.paragraph}


@dataclass
class LeafletDocument:
    language: str  # the workbench language code ("en", "zh", "ms", "ta"); "" when the document does not say
    blocks: list[DocBlock] = field(default_factory=list)
    leaflet_id: int | None = None
    revision: int | None = None
    content_hash: str = ""
    # Reader only: the core properties' title (a fallback for a document without a title paragraph),
    # the languages whose red-flag phrases opened a block, and what was not imported.
    properties_title: str = ""
    red_flag_languages: set[str] = field(default_factory=set)
    not_imported: list[NotImported] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


# --- Phrases ----------------------------------------------------------------------------------------
def _normalise(text: str) -> str:
    """Case, width, punctuation, symbols and whitespace folded away; letters and combining marks kept."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    kept = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in folded)
    return " ".join(kept.split())


def _spaceless(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


_PHRASES = [(language, _normalise(phrase)) for language, phrases in RED_FLAG_PHRASES.items() for phrase in phrases]


def red_flag_language(text: str, *, whole: bool = False) -> str | None:
    """The language of the red-flag phrase `text` is (or, unless `whole`, starts with); None when it is none."""
    normal = _normalise(text)
    if not normal:
        return None
    for language, phrase in _PHRASES:
        if normal == phrase:
            return language
        if not whole and (normal.startswith(phrase + " ") or (_spaceless(phrase) and normal.startswith(phrase))):
            return language
    return None


def language_code(value: str) -> str:
    """A workbench language code from a tag Word or we wrote ("ta-IN", "zh-Hans", "ms_MY"); "" if none."""
    primary = (value or "").strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in WORD_LANG else ""


# --- Writer -----------------------------------------------------------------------------------------
def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _set(element, **attributes: str) -> None:
    for name, value in attributes.items():
        element.set(_w(name), value)


def _child(parent, tag: str, *, first: bool = False):
    """`parent`'s child `tag`, made (as its first child when `first`, where the schema wants it) if missing."""
    found = parent.find(_w(tag))
    if found is None:
        found = etree.Element(_w(tag))
        parent.insert(0, found) if first else parent.append(found)
    return found


def _fonts(rpr, language: str) -> None:
    """Explicit fonts for every script slot, no theme fonts (a theme font wins over an explicit one)."""
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = etree.Element(_w("rFonts"))
        # The schema's order: a character style reference first, then the fonts.
        rpr.insert(1 if rpr.find(_w("rStyle")) is not None else 0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    _set(fonts, ascii=LATIN_FONT, hAnsi=LATIN_FONT, eastAsia=CJK_FONT, cs=TAMIL_FONT)
    if language == "zh":
        # Punctuation shared by Chinese and Latin text takes the East Asian font.
        _set(fonts, hint="eastAsia")
    lang = rpr.find(_w("lang"))
    if lang is None:
        lang = etree.SubElement(rpr, _w("lang"))
    _set(lang, val=WORD_LANG.get(language, "en-SG"), eastAsia=WORD_LANG["zh"], bidi=WORD_LANG["ta"])


def _prepare_styles(document, language: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = document.styles
    root = styles.element
    defaults = root.find(_w("docDefaults"))
    rpr_default = _child(_child(defaults, "rPrDefault", first=True), "rPr")
    _fonts(rpr_default, language)
    # The template's headings and title name theme fonts, which would override the defaults.
    for fonts in root.iter(_w("rFonts")):
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(_w(theme), None)

    red = styles.add_style(RED_FLAG_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    red.base_style = styles["List Bullet"]  # bullets, as the patient page shows red flags
    red.font.bold = True
    red.font.color.rgb = RGBColor(0x9C, 0x00, 0x06)
    ppr = red.element.get_or_add_pPr()
    borders = etree.SubElement(ppr, _w("pBdr"))
    for side in ("top", "left", "bottom", "right"):
        # Identical borders on consecutive paragraphs join into one box.
        _set(etree.SubElement(borders, _w(side)), val="single", sz="12", space="4", color="C00000")
    _set(etree.SubElement(ppr, _w("shd")), val="clear", color="auto", fill="FDECEA")

    heading = styles.add_style(RED_FLAG_HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = styles["Heading 2"]
    heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    marker = styles.add_style(NOT_TRANSLATED_STYLE, WD_STYLE_TYPE.CHARACTER)
    marker.font.italic = True
    marker.font.size = Pt(10)
    etree.SubElement(marker.element.get_or_add_rPr(), _w("highlight")).set(_w("val"), "yellow")


def _prepare_fonts(document, language: str) -> None:
    """Tell Word what to fall back to when a Noto font is not installed, and which languages theme fonts serve."""
    package = document.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            table = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            for name, (alt, charset, family) in FONT_FALLBACKS.items():
                font = etree.SubElement(table, _w("font"))
                _set(font, name=name)
                _set(etree.SubElement(font, _w("altName")), val=alt)
                _set(etree.SubElement(font, _w("charset")), val=charset)
                _set(etree.SubElement(font, _w("family")), val=family)
                _set(etree.SubElement(font, _w("pitch")), val="variable")
            # A plain Part has no setter for its bytes; this one is ours, built from the template.
            part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = document.settings.element
    theme_lang = settings.find(_w("themeFontLang"))
    if theme_lang is None:
        theme_lang = etree.SubElement(settings, _w("themeFontLang"))
    _set(theme_lang, val=WORD_LANG.get(language, "en-SG"), eastAsia=WORD_LANG["zh"], bidi=WORD_LANG["ta"])


STYLE_OF_KIND = {
    "title": "Title",
    "heading": "Heading 1",
    "paragraph": "Normal",
    "list_item": "List Bullet",
    "red_flag": RED_FLAG_STYLE,
}


class _Writer:
    def __init__(self, document, language: str) -> None:
        self.document = document
        self.language = language
        self.bookmark_id = 0

    def run(self, paragraph, text: str, *, style: str | None = None, language: str | None = None):
        run = paragraph.add_run(text, style=style)
        _fonts(run._r.get_or_add_rPr(), language or self.language)
        return run

    def paragraph(self, block: DocBlock, source_language: str) -> None:
        paragraph = self.document.add_paragraph(style=STYLE_OF_KIND[block.kind])
        p = paragraph._p
        if block.key is not None:
            self.bookmark_id += 1
            start = etree.SubElement(p, _w("bookmarkStart"))
            _set(start, id=str(self.bookmark_id), name=bookmark_name(block.key))
        if block.untranslated:
            marker = NOT_TRANSLATED_MARKER.get(self.language, NOT_TRANSLATED_MARKER["en"])
            self.run(paragraph, f"[{marker}] ", style=NOT_TRANSLATED_STYLE)
            if block.source:
                self.run(paragraph, block.source, style=NOT_TRANSLATED_STYLE, language=source_language)
        else:
            self.run(paragraph, block.text)
        if block.key is not None:
            _set(etree.SubElement(p, _w("bookmarkEnd")), id=str(self.bookmark_id))

    def red_flag_heading(self) -> None:
        paragraph = self.document.add_paragraph(style=RED_FLAG_HEADING_STYLE)
        self.run(paragraph, RED_FLAG_PHRASES.get(self.language, RED_FLAG_PHRASES["en"])[0])


def write_docx(doc: LeafletDocument, *, source_language: str = "") -> bytes:
    """The document as .docx bytes. `source_language`: the language of the source shown beside untranslated blocks."""
    from docx import Document

    document = Document()
    body = document.element.body
    for element in list(body):
        if element.tag != _w("sectPr"):
            body.remove(element)
    _prepare_styles(document, doc.language)
    _prepare_fonts(document, doc.language)
    writer = _Writer(document, doc.language)
    previous: DocBlock | None = None
    for block in doc.blocks:
        if block.kind not in STYLE_OF_KIND:
            raise ValueError(f"unknown block kind {block.kind!r}")
        opens_red_flags = block.kind == "red_flag" and (previous is None or previous.kind != "red_flag")
        # A heading segment that already says "when to seek help" is the block's heading.
        if opens_red_flags and not (
            previous is not None
            and previous.kind == "heading"
            and not previous.untranslated
            and red_flag_language(previous.text)
        ):
            writer.red_flag_heading()
        writer.paragraph(block, source_language)
        previous = block

    properties = document.core_properties
    title = next((b.text for b in doc.blocks if b.kind == "title" and not b.untranslated), "")
    properties.title = title[:250]
    properties.author = "Leaflet workbench"
    properties.last_modified_by = "Leaflet workbench"
    properties.comments = ""
    properties.category = CATEGORY
    properties.language = WORD_LANG.get(doc.language, doc.language)
    details = [("language", doc.language)]
    if doc.leaflet_id is not None:
        details.insert(0, ("leaflet", str(doc.leaflet_id)))
    if doc.revision is not None:
        details.append(("revision", str(doc.revision)))
    if doc.content_hash:
        details.append(("content-hash", doc.content_hash))
    properties.identifier = IDENTIFIER_PREFIX + ";".join(f"{k}={v}" for k, v in details)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Reader: the package ----------------------------------------------------------------------------
def looks_like_docx(data: bytes) -> bool:
    """A ZIP package or an OLE compound file: the Word reader takes it (and says what is wrong with it)."""
    return data[:4] in ZIP_MAGICS or data[:8] == OLE_MAGIC


def _size_limit(data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise BadFile(
            _("The file is %(size)s bytes; the limit is %(limit)s bytes (WORKBENCH_EXCHANGE_MAX_FILE_BYTES).")
            % {"size": f"{len(data):,}", "limit": f"{limit:,}"}
        )


def _what_else(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return _("It looks like a PDF file.")
    if head.startswith(b"{\\rtf"):
        return _("It looks like an RTF file; open it in Word and save it as a Word document (.docx).")
    if head[:1] == b"<" or head.startswith(b"\xef\xbb\xbf<"):
        return _("It looks like an XML or HTML file.")
    return ""


def _ole_message(data: bytes) -> str:
    # The directory of a compound file names its streams in UTF-16: an
    # encrypted OOXML package is an "EncryptedPackage" stream, a Word 97–2003
    # document a "WordDocument" stream.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return _(
            "The document is password-protected (encrypted). Remove the password in Word (File › Info › "
            "Protect Document) and import it again. Nothing was imported."
        )
    if "WordDocument".encode("utf-16-le") in data:
        return _(
            "This is an old Word 97–2003 document (.doc), not a .docx. Open it in Word and save it as a Word "
            "document (.docx). Nothing was imported."
        )
    return _(
        "This is an old-style Office file (an OLE compound file), not a Word .docx document, or a "
        "password-protected one. Nothing was imported."
    )


_DOCUMENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
_MACRO_TYPES = {
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
}


def _entities() -> str:
    return _(
        "The document declares entities in a document type; Word documents never do (an entity can expand "
        "to gigabytes or read files from the server). Nothing was imported."
    )


def _declares_a_doctype(blob: bytes) -> bool:
    lowered = blob.lower()
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        if "<!doctype".encode(encoding) in lowered or "<!entity".encode(encoding) in lowered:
            return True
    return False


def _check_package(data: bytes, limit: int) -> set[str]:
    """Refuse what python-docx must not be given, from the ZIP directory and the XML parts; the parts' names."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise BadFile(_("The file is damaged: it is not a readable Word document. Nothing was imported.")) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise BadFile(
                _("The file has %(n)s parts; a Word document has far fewer (at most %(limit)s). Nothing was imported.")
                % {"n": f"{len(members):,}", "limit": f"{MAX_MEMBERS:,}"}
            )
        unpacked = sum(member.file_size for member in members)
        if unpacked > limit * UNPACKED_FACTOR:
            raise BadFile(
                _(
                    "The file unpacks to %(size)s bytes, more than %(limit)s: it is not an ordinary Word document "
                    "(a compressed bomb?). Nothing was imported."
                )
                % {"size": f"{unpacked:,}", "limit": f"{limit * UNPACKED_FACTOR:,}"}
            )
        if any(member.flag_bits & 0x1 for member in members):
            raise BadFile(_("The file's parts are password-protected. Nothing was imported."))
        names = {member.filename.lower(): member for member in members}
        if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
            raise BadFile(_macro_message())
        if "word/document.xml" not in names or "[content_types].xml" not in names:
            other = ""
            if "xl/workbook.xml" in names:
                other = _("It is an Excel workbook.")
            elif "ppt/presentation.xml" in names:
                other = _("It is a PowerPoint presentation.")
            elif "content.xml" in names and "mimetype" in names:
                other = _("It is an OpenDocument file; save it from your word processor as a Word document (.docx).")
            raise BadFile(
                " ".join(
                    filter(
                        None,
                        [_("The file is a ZIP archive but not a Word document (it has no word/document.xml)."), other],
                    )
                )
                + " "
                + _("Nothing was imported.")
            )
        try:
            for name, member in names.items():
                if name.endswith((".xml", ".rels")) or name == "[content_types].xml":
                    if _declares_a_doctype(archive.read(member)):
                        raise BadFile(_entities())
            content_types = archive.read(names["[content_types].xml"]).lower()
        except BadFile:
            raise
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError):
            raise BadFile(_("The file is damaged: a part of it cannot be unpacked. Nothing was imported.")) from None
        # Compressed data that does not inflate (zlib.error) is caught by the caller's catch-all.
    if any(macro.encode() in content_types for macro in _MACRO_TYPES) or b"macroenabled" in content_types:
        raise BadFile(_macro_message())
    return set(names)


def _macro_message() -> str:
    return _(
        "The document contains macros (a macro-enabled .docm). Macros are not accepted: save it in Word as a "
        "plain Word document (.docx) and import that. Nothing was imported."
    )


# --- Reader: the text -------------------------------------------------------------------------------
def _local(element) -> tuple[str, str]:
    if not isinstance(element.tag, str):
        return "", ""
    qname = etree.QName(element)
    return qname.namespace or "", qname.localname


def _preview(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _all_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_w("t"), _w("delText")))


@dataclass
class _Style:
    name: str
    based_on: str
    outline: int | None
    numbered: bool


class _Styles:
    def __init__(self, styles_root) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph = ""
        if styles_root is None:
            return
        for style in styles_root.findall(_w("style")):
            style_id = style.get(_w("styleId")) or ""
            name_el, based_el = style.find(_w("name")), style.find(_w("basedOn"))
            ppr = style.find(_w("pPr"))
            outline = ppr.find(_w("outlineLvl")) if ppr is not None else None
            num = ppr.find(_w("numPr")) if ppr is not None else None
            self.by_id[style_id] = _Style(
                name=(name_el.get(_w("val")) if name_el is not None else style_id) or "",
                based_on=(based_el.get(_w("val")) if based_el is not None else "") or "",
                outline=_int(outline.get(_w("val"))) if outline is not None else None,
                numbered=num is not None and _numbered(num),
            )
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                self.default_paragraph = style_id

    def chain(self, style_id: str) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        current = style_id or self.default_paragraph
        while current and current not in seen and len(chain) < 20:
            seen.add(current)
            style = self.by_id.get(current)
            if style is None:
                break
            chain.append(style)
            current = style.based_on
        return chain


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _numbered(num_pr) -> bool:
    num_id = num_pr.find(_w("numId"))
    # numId 0 switches numbering off (a paragraph taken out of a list).
    return num_id is None or num_id.get(_w("val")) != "0"


HEADING_NAME_RE = re.compile(r"^heading [1-9]$")


@dataclass
class _Marks:
    """What one paragraph holds besides its text."""

    untranslated: bool = False
    inserted: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    field_results: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    previews: dict[str, str] = field(default_factory=dict)


@dataclass
class _Paragraph:
    number: int
    text: str
    keys: list[uuid.UUID]
    style_names: list[str]
    heading: bool
    title: bool
    listed: bool
    untranslated: bool


class _Reader:
    def __init__(self, document, red_flag_styles: Sequence[str]) -> None:
        self.document = document
        self.styles = _Styles(document.styles.element)
        self.red_flag_styles = {name.casefold() for name in red_flag_styles} | {RED_FLAG_STYLE.casefold()}
        self.not_imported: list[NotImported] = []
        self.paragraphs: list[_Paragraph] = []
        self.number = 0
        self.pending_keys: list[uuid.UUID] = []
        # Complex fields (w:fldChar) can span runs and paragraphs: "code" until
        # the separator, "result" after it, one entry per open field.
        self.fields: list[str] = []

    # -- reporting
    def report(self, kind: str, preview: str = "", detail: str = "", paragraph: int | None = -1) -> None:
        where = self.number if paragraph == -1 else paragraph
        item = NotImported(kind=kind, paragraph=where, preview=_preview(preview), detail=detail)
        if item not in self.not_imported:
            self.not_imported.append(item)

    # -- body
    def walk(self, container) -> None:
        for child in container:
            namespace, tag = _local(child)
            if namespace == W and tag == "p":
                self.paragraph(child)
            elif namespace == W and tag == "tbl":
                first_cells = [_preview(_all_text(tc), 30) for tc in child.iter(_w("tc"))][:3]
                self.report("table", " | ".join(c for c in first_cells if c))
            elif namespace == W and tag in ("sdt", "sdtContent", "customXml", "smartTag"):
                self.walk(child)
            elif namespace == W and tag == "bookmarkStart":
                self._bookmark(child, self.pending_keys)
            elif namespace == W and tag == "altChunk":
                self.report("embedded_object", "", paragraph=self.number)
            elif namespace == W and tag in ("ins", "del", "moveFrom", "moveTo"):
                self.report("tracked_change", _all_text(child))
            elif namespace == MC:
                self._drawing(child, "")

    def _bookmark(self, element, keys: list[uuid.UUID]) -> None:
        match = BOOKMARK_RE.match(element.get(_w("name")) or "")
        if match:
            keys.append(uuid.UUID(match.group(1)))

    def paragraph(self, p) -> None:
        self.number += 1
        keys, self.pending_keys = self.pending_keys, []
        out: list[str] = []
        marks = _Marks()
        ppr = p.find(_w("pPr"))
        self._collect(p, out, keys, marks, deleted=False)
        text = "".join(out).replace("\u00a0", " ")
        text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
        if ppr is not None:
            mark = ppr.find(_w("rPr"))
            if (mark is not None and (mark.find(_w("ins")) is not None or mark.find(_w("del")) is not None)) or (
                ppr.find(_w("pPrChange")) is not None
            ):
                marks.kinds.add("tracked_change")
        if marks.inserted or marks.deleted or "tracked_change" in marks.kinds:
            detail = []
            if marks.inserted:
                detail.append(
                    _("inserted text not imported: “%(text)s”") % {"text": _preview("".join(marks.inserted), 40)}
                )
            if marks.deleted:
                deleted = _preview("".join(marks.deleted), 40)
                detail.append(_("deleted text kept: “%(text)s”") % {"text": deleted})
            self.report(
                "tracked_change",
                text,
                "; ".join(detail) or _("a formatting or paragraph change, not imported; the text before it is kept"),
            )
        if marks.field_results:
            self.report("field", "".join(marks.field_results), _("the field's result is not imported"))
        for kind in ("comment", "footnote", "endnote", "image", "text_box", "embedded_object", "equation"):
            if kind in marks.kinds:
                self.report(kind, marks.previews.get(kind) or text)
        if marks.untranslated:
            self.report("untranslated", text)
            return
        style_id = ""
        direct_outline, direct_numbered = None, False
        if ppr is not None:
            style_el = ppr.find(_w("pStyle"))
            style_id = (style_el.get(_w("val")) if style_el is not None else "") or ""
            outline_el = ppr.find(_w("outlineLvl"))
            direct_outline = _int(outline_el.get(_w("val"))) if outline_el is not None else None
            num = ppr.find(_w("numPr"))
            direct_numbered = num is not None and _numbered(num)
        chain = self.styles.chain(style_id)
        names = [style.name.casefold() for style in chain]
        outline = direct_outline
        if outline is None:
            outline = next((style.outline for style in chain if style.outline is not None), None)
        numbered = direct_numbered or (
            not (ppr is not None and ppr.find(_w("numPr")) is not None) and any(style.numbered for style in chain)
        )
        self.paragraphs.append(
            _Paragraph(
                number=self.number,
                text=text,
                keys=keys,
                style_names=names,
                heading=any(HEADING_NAME_RE.match(name) for name in names)
                or (outline is not None and 0 <= outline <= 8),
                title="title" in names,
                listed=numbered or any(name.startswith("list") for name in names),
                untranslated=False,
            )
        )

    def _collect(self, element, out: list[str], keys: list[uuid.UUID], marks: _Marks, *, deleted: bool) -> None:
        for child in element:
            namespace, tag = _local(child)
            if namespace == MC:
                self._drawing(child, "", marks)
                continue
            if namespace == M:
                marks.kinds.add("equation")
                marks.previews["equation"] = _all_text_math(child)
                continue
            if namespace != W:
                continue
            if tag == "r":
                self._run(child, out, marks, deleted=deleted)
            elif tag in ("ins", "moveTo"):
                marks.inserted.append(_all_text(child) or " ")
            elif tag in ("del", "moveFrom"):
                before = len(out)
                self._collect(child, out, keys, marks, deleted=True)
                marks.deleted.append("".join(out[before:]) or " ")
            elif tag == "fldSimple":
                marks.field_results.append(_all_text(child) or child.get(_w("instr")) or " ")
            elif tag in ("hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo"):
                self._collect(child, out, keys, marks, deleted=deleted)
            elif tag == "bookmarkStart":
                self._bookmark(child, keys)
            elif tag == "commentRangeStart":
                marks.kinds.add("comment")

    def _run(self, run, out: list[str], marks: _Marks, *, deleted: bool) -> None:
        rpr = run.find(_w("rPr"))
        if rpr is not None:
            style = rpr.find(_w("rStyle"))
            if style is not None and self._is_not_translated(style.get(_w("val")) or ""):
                marks.untranslated = True
            if rpr.find(_w("rPrChange")) is not None:
                marks.kinds.add("tracked_change")
        for child in run:
            namespace, tag = _local(child)
            if namespace == MC:
                self._drawing(child, "", marks)
                continue
            if namespace != W:
                continue
            if tag == "fldChar":
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                    marks.field_results.append(" ")
                continue
            if tag == "instrText":
                continue
            if tag in ("t", "delText"):
                piece = child.text or ""
                if tag == "delText" and not deleted:
                    continue
            elif tag == "tab":
                piece = " "
            elif tag in ("br", "cr"):
                piece = "\n"
            elif tag == "noBreakHyphen":
                piece = "-"
            elif tag in ("drawing", "pict", "object"):
                self._drawing(child, tag, marks)
                continue
            elif tag in ("footnoteReference", "endnoteReference"):
                marks.kinds.add(tag.replace("Reference", ""))
                continue
            elif tag == "commentReference":
                marks.kinds.add("comment")
                continue
            else:
                continue
            if "result" in self.fields:
                marks.field_results.append(piece)
            elif "code" in self.fields:
                continue
            else:
                out.append(piece)

    def _drawing(self, element, tag: str, marks: _Marks | None = None) -> None:
        inner = " ".join(t.text or "" for t in element.iter(_w("t")))
        if element.find(f".//{{{W}}}txbxContent") is not None:
            kind = "text_box"
        elif tag == "object" or element.find(f".//{{{W}}}object") is not None:
            kind = "embedded_object"
        else:
            kind = "image"
        if marks is None:
            self.report(kind, inner)
        else:
            marks.kinds.add(kind)
            marks.previews[kind] = inner

    def _is_not_translated(self, style_id: str) -> bool:
        style = self.styles.by_id.get(style_id)
        return (style.name if style else style_id).casefold().replace(
            " ", ""
        ) == NOT_TRANSLATED_STYLE.casefold().replace(" ", "")

    # -- headers, footers
    def headers_and_footers(self) -> None:
        for part in self.document.part.package.iter_parts():
            content_type = part.content_type
            for kind in ("header", "footer"):
                if content_type.endswith(f".{kind}+xml"):
                    element = getattr(part, "element", None)
                    text = _all_text(element) if element is not None else ""
                    if text.strip():
                        self.report(kind, text, paragraph=None)


def _all_text_math(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{M}}}t"))


def _blocks(paragraphs: list[_Paragraph], red_flag_styles: set[str], languages: set[str]) -> list[DocBlock]:
    blocks: list[DocBlock] = []
    in_red_flags, styled_block = False, None
    has_title = any(p.title and p.text for p in paragraphs)
    for p in paragraphs:
        if not p.text:
            continue
        key = p.keys[0] if p.keys else None
        red_styled = any(name in red_flag_styles for name in p.style_names)
        if p.title:
            in_red_flags = False
            kind = "title" if not any(b.kind == "title" for b in blocks) else "heading"
            blocks.append(DocBlock(kind=kind, text=p.text, key=key, paragraph=p.number))
            continue
        if p.heading:
            language = red_flag_language(p.text)
            in_red_flags, styled_block = language is not None, None
            if language is not None:
                languages.add(language)
                if key is None:
                    continue  # the block's heading, not a segment (the writer puts one there)
            kind = "heading"
            if not has_title and not any(b.kind == "title" for b in blocks):
                kind = "title"
            blocks.append(DocBlock(kind=kind, text=p.text, key=key, paragraph=p.number))
            continue
        if key is None and not red_styled:
            # A paragraph that is nothing but a red-flag phrase ("Seek medical help immediately if:") opens a block too.
            language = red_flag_language(p.text, whole=True)
            if language is not None:
                languages.add(language)
                in_red_flags, styled_block = True, None
                continue
        if in_red_flags:
            if styled_block is None:
                styled_block = red_styled
            if styled_block and not red_styled:
                # A block in the red-flag style ends where the style does.
                in_red_flags = False
            else:
                blocks.append(DocBlock(kind="red_flag", text=p.text, key=key, paragraph=p.number))
                continue
        if red_styled:
            kind = "red_flag"
        elif p.listed:
            kind = "list_item"
        else:
            kind = "paragraph"
        blocks.append(DocBlock(kind=kind, text=p.text, key=key, paragraph=p.number))
    return blocks


def _properties(document, doc: LeafletDocument) -> None:
    # Without a core properties part python-docx makes up defaults (the title "Word Document"):
    # read_docx calls this only when the file has one.
    properties = document.core_properties
    doc.properties_title = " ".join((properties.title or "").split())
    identifier = properties.identifier or ""
    declared = ""
    if identifier.startswith(IDENTIFIER_PREFIX):
        details = dict(item.split("=", 1) for item in identifier[len(IDENTIFIER_PREFIX) :].split(";") if "=" in item)
        declared = language_code(details.get("language", ""))
        if details.get("leaflet", "").isdigit():
            doc.leaflet_id = int(details["leaflet"])
        if details.get("revision", "").isdigit():
            doc.revision = int(details["revision"])
        if re.fullmatch(r"[0-9a-f]{64}", details.get("content-hash", "")):
            doc.content_hash = details["content-hash"]
    doc.language = declared or language_code(properties.language or "")


def read_docx(data: bytes, *, limit: int, red_flag_styles: Iterable[str] = DEFAULT_RED_FLAG_STYLES) -> LeafletDocument:
    """The document's blocks and what was not imported; BadFile (nothing read) when it cannot or must not be read."""
    _size_limit(data, limit)
    if not data:
        raise BadFile(_("The file is empty."))
    if data[:8] == OLE_MAGIC:
        raise BadFile(_ole_message(data))
    if data[:4] not in ZIP_MAGICS:
        raise BadFile(
            " ".join(
                filter(
                    None, [_("The file is not a Word document (.docx)."), _what_else(data), _("Nothing was imported.")]
                )
            )
        )
    styles = list(red_flag_styles)
    try:
        parts = _check_package(data, limit)
        from docx import Document

        document = Document(io.BytesIO(data))
        reader = _Reader(document, styles)
        reader.walk(document.element.body)
        reader.headers_and_footers()
        doc = LeafletDocument(language="")
        if "docprops/core.xml" in parts:
            _properties(document, doc)
        red_names = {name.casefold() for name in styles} | {RED_FLAG_STYLE.casefold()}
        doc.blocks = _blocks(reader.paragraphs, red_names, doc.red_flag_languages)
        doc.not_imported = reader.not_imported
    except BadFile:
        raise
    except Exception as exc:  # noqa: BLE001
        # A hostile or damaged package can make python-docx, zipfile, zlib or
        # lxml fail in many ways; whichever it is, nothing was read and the
        # person gets one clear message (the class names the failure for support).
        raise BadFile(
            _("The file is damaged or not a Word document that can be read (%(error)s). Nothing was imported.")
            % {"error": type(exc).__name__}
        ) from None
    if not doc.blocks:
        raise BadFile(_("The document has no text to import. Nothing was imported."))
    return doc
