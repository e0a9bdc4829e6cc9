"""Word documents for the DOCX tests: built here with python-docx, raw XML where python-docx has no API,
and ZIP tricks for the hostile ones. The Tamil, Chinese and Malay texts are real TICO-19 sentences."""

from __future__ import annotations

import io
import zipfile
from functools import cache

import pytest
from docx import Document
from docx.oxml import parse_xml

from bench.qa_corpus import DEFAULT_TICO, load_tico
from review.models import AuditEvent
from translations.models import TargetSegment, TextVersion
from translations.text_versions import text_version_apply_translations
from workbench.models import Leaflet, Revision, Segment
from workbench.services import SegmentInput, leaflet_create

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

needs_tico = pytest.mark.skipif(
    not DEFAULT_TICO.exists(), reason=f"TICO-19 reference data not found at {DEFAULT_TICO} (../shared/data/tico19/)"
)


@cache
def tico(english: str) -> dict[str, str]:
    """The TICO-19 row whose English is `english`: {"en": ..., "zh": ..., "ms": ..., "ta": ...}."""
    for row in load_tico():
        if row["en"] == english:
            return {code: row[code] for code in ("en", "zh", "ms", "ta")}
    raise KeyError(english)


CHEST = "tell me about your chest pain"
FEVER = "the fever increases at night"
COUGH = "and i have a cough too"
TIGHT = "you feel like tightness on your chest"
SISTER = "my sister has similar symptoms"

TITLE = {"en": "Chest pain", "zh": "胸痛", "ms": "Sakit dada", "ta": "மார்பு வலி"}
HEADING = {"en": "Symptoms", "zh": "症状", "ms": "Simptom", "ta": "அறிகுறிகள்"}


def leaflet_rows() -> list[tuple[str, dict[str, str]]]:
    """(kind, texts by language) of a leaflet with every kind of segment, the title first."""
    return [
        ("title", TITLE),
        ("heading", HEADING),
        ("paragraph", tico(CHEST)),
        ("list_item", tico(FEVER)),
        ("list_item", tico(COUGH)),
        ("red_flag", tico(TIGHT)),
    ]


def make_word_leaflet(author, *, translate: bool = True) -> Leaflet:
    """An English leaflet with a heading, a paragraph, a list and a red flag; translated into zh/ms/ta."""
    rows = leaflet_rows()
    leaflet = leaflet_create(
        user=author,
        title=rows[0][1]["en"],
        required_languages=["en", "zh", "ms", "ta"],
        segments=[SegmentInput(kind=kind, text=texts["en"]) for kind, texts in rows[1:]],
    )
    if translate:
        by_en = {texts["en"]: texts for _kind, texts in rows}
        for tv in TextVersion.objects.filter(revision_id=leaflet.current_revision_id, is_source=False):
            translations = {
                s.key: by_en[s.source_segment.text][tv.language_id]
                for s in TargetSegment.objects.filter(text_version=tv).select_related("source_segment")
            }
            text_version_apply_translations(
                text_version=tv, translations=translations, origin=TargetSegment.Origin.MODEL, model_name="scripted"
            )
    leaflet.refresh_from_db()
    return leaflet


def word(*paragraphs: tuple[str, str], title: str | None = None, language: str | None = None) -> Document:
    """A python-docx document: an optional Title paragraph, then (style, text) paragraphs."""
    document = Document()
    if title is not None:
        document.add_paragraph(title, style="Title")
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    if language is not None:
        document.core_properties.language = language
    return document


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def append_xml(document, xml: str) -> None:
    """Append a raw <w:p> (or other body element) before the section properties."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml.replace("<w:p>", f"<w:p {W_NS}>", 1) if W_NS not in xml else xml))


def zip_of(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def replace_member(data: bytes, name: str, new: bytes) -> bytes:
    members = members_of(data)
    members[name] = new
    return zip_of(members)


def database_state() -> dict:
    """Everything an import may change: compared before and after a refusal."""
    return {
        "leaflets": sorted(Leaflet.objects.values_list("pk", "title", "current_revision_id")),
        "revisions": Revision.objects.count(),
        "segments": Segment.objects.count(),
        "texts": TextVersion.objects.count(),
        "target_segments": sorted(TargetSegment.objects.values_list("pk", "text")),
        "audit": AuditEvent.objects.count(),
    }
