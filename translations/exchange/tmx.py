"""TMX 1.4b translation-memory files, written and read with translate-toolkit.

One <tu> per entry, a <tuv> per language (xml:lang), and the segment kind as a
`x-segment-kind` property: the workbench's memory is keyed by the hash of a
segment's kind and text, so a file this workbench wrote comes back under the
same keys. Reading goes through safe_xml.parse first; a <tuv> whose language
is a regional variant ("zh-CN", "ms-MY", "ta-IN") counts for its language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree
from translate.misc.xml_helpers import getXMLlang
from translate.storage import tmx as tt_tmx

from translations.exchange import safe_xml
from translations.exchange.documents import BadFile

KIND_PROP = "x-segment-kind"
TOOL = "Leaflet workbench"


@dataclass(frozen=True)
class TmxEntry:
    source: str
    target: str
    kind: str = ""


def _primary(language: str | None) -> str:
    return (language or "").replace("_", "-").split("-", 1)[0].lower()


def write_tmx(entries: list[TmxEntry], *, source_language: str, target_language: str) -> bytes:
    store = tt_tmx.tmxfile(sourcelanguage=source_language, targetlanguage=target_language)
    header = store.document.getroot().find("header")
    if header is not None:
        header.set("creationtool", TOOL)
        header.set("creationtoolversion", "1")
    for entry in entries:
        store.addtranslation(entry.source, source_language, entry.target, target_language)
        if entry.kind:
            unit = store.units[-1]
            prop = etree.Element("prop", type=KIND_PROP)
            prop.text = entry.kind
            unit.xmlelement.insert(0, prop)  # TMX wants <note>/<prop> before the <tuv>s
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def read_tmx(data: bytes, *, limit: int, source_language: str, target_language: str) -> list[TmxEntry]:
    """The file's pairs for this language pair; BadFile when it is no TMX or lacks the pair entirely."""
    root = safe_xml.parse(data, limit=limit)
    if safe_xml.localname(root) != "tmx":
        raise BadFile(_("The file is not TMX (its root element is not <tmx>)."))
    store = tt_tmx.tmxfile.parsestring(data)
    entries = []
    for unit in store.units:
        texts: dict[str, str] = {}
        for node in unit.getlanguageNodes():
            language = _primary(getXMLlang(node))
            seg = node.find("seg")
            if seg is None or language in texts:
                continue
            texts[language] = "".join(seg.itertext()).strip()
        source, target = texts.get(source_language, ""), texts.get(target_language, "")
        if not source or not target:
            continue
        kind_prop = unit.xmlelement.find(f"prop[@type='{KIND_PROP}']")
        kind = (kind_prop.text or "").strip() if kind_prop is not None else ""
        entries.append(TmxEntry(source=source, target=target, kind=kind))
    return entries
