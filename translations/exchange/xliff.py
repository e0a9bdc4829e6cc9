"""XLIFF 1.2 and XLIFF 2.0 files for translation vendors, written and read with translate-toolkit.

One file per leaflet text: one unit per segment, the segment's stable key as
the unit id, the source and the current target. The file's metadata (the
XLIFF 2 Metadata module, `<mda:metadata>`, in the 1.2 file's `<header>` as an
extension and in the 2.0 file's `<file>`) names the leaflet, the language, the
source revision number, the content hash and edit generation of the text, and
the export record, which an import must match. Approved glossary terms that
occur in a segment are notes (category/from "glossary"); translation-memory
matches are `<alt-trans>` (1.2) and Translation Candidates `<mtc:match>` (2.0),
which CAT tools show beside the segment; an unreviewed match says so in its
origin.

translate-toolkit builds and reads the units; the few things it leaves out or
places where XLIFF 2.0's schema does not allow them (unit-level notes,
xml:space on the unit, the modules) are put right with lxml on its document.
Reading always goes through safe_xml.parse first.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from translations.exchange import formats, safe_xml
from translations.exchange.documents import META_CATEGORY, BadFile, ExchangeFile, Unit

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS11 = "urn:oasis:names:tc:xliff:document:1.1"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NS_MTC = "urn:oasis:names:tc:xliff:matches:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TOOL_ID = "leaflet-workbench"
REVIEWED_ORIGIN = "approved translation memory"
UNREVIEWED_ORIGIN = "unreviewed translation memory (a suggestion, not approved)"
GLOSSARY = "glossary"


class _Unit12(tt_xliff.xliffunit):
    namespace = NS12


class _Xliff12(tt_xliff.xlifffile):
    """translate-toolkit's XLIFF store writes 1.1 by default; vendors expect 1.2."""

    UnitClass = _Unit12

    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = NS12


def _metadata(doc: ExchangeFile) -> etree._Element:
    metadata = etree.Element(f"{{{NS_MDA}}}metadata", nsmap={"mda": NS_MDA})
    group = etree.SubElement(metadata, f"{{{NS_MDA}}}metaGroup", category=META_CATEGORY)
    for key, value in doc.meta.items():
        etree.SubElement(group, f"{{{NS_MDA}}}meta", type=key).text = str(value)
    return metadata


def _serialise(store) -> bytes:
    etree.cleanup_namespaces(store.document.getroot())
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


# --- XLIFF 1.2 ------------------------------------------------------------------------------
def write_xliff12(doc: ExchangeFile) -> bytes:
    store = _Xliff12(sourcelanguage=doc.source_language, targetlanguage=doc.target_language)
    filenode = next(store.document.getroot().iterchildren(f"{{{NS12}}}file"))
    original = doc.original or "leaflet"
    filenode.set("original", original)
    filenode.set("target-language", doc.target_language)
    header = store.getheadernode(filenode, createifmissing=True)
    filenode.insert(0, header)  # the schema wants <header> before <body>
    etree.SubElement(header, f"{{{NS12}}}tool", {"tool-id": TOOL_ID, "tool-name": "Leaflet workbench"})
    header.append(_metadata(doc))
    for unit_doc in doc.units:
        unit = store.addsourceunit(unit_doc.source, filename=original)
        unit.xmlelement.set("id", unit_doc.id)
        if unit_doc.target:
            unit.target = unit_doc.target
            unit.xmlelement.attrib.pop("approved", None)  # approval is the workbench's, per language
        for note in unit_doc.notes:
            unit.addnote(note, origin=GLOSSARY)
        for match in unit_doc.matches:
            unit.addalttrans(
                match.target,
                origin=REVIEWED_ORIGIN if match.reviewed else UNREVIEWED_ORIGIN,
                lang=doc.target_language,
                sourcetxt=match.source,
                matchquality="100",
            )
    return _serialise(store)


def read_xliff12(data: bytes, limit: int) -> ExchangeFile:
    root = safe_xml.parse(data, limit=limit)
    if safe_xml.localname(root) != "xliff" or safe_xml.namespace(root) not in (NS12, NS11):
        raise BadFile(_("The file is not XLIFF 1.2."))
    files = [child for child in root if safe_xml.localname(child) == "file"]
    if len(files) != 1:
        raise BadFile(_("The file has %(n)s <file> elements; an exchange file has exactly one.") % {"n": len(files)})
    store = tt_xliff.xlifffile.parsestring(data)
    units = []
    for unit in store.units:
        units.append(
            Unit(id=unit.xmlelement.get("id") or "", source=str(unit.source or ""), target=str(unit.target or ""))
        )
    filenode = files[0]
    return ExchangeFile(
        source_language=filenode.get("source-language", ""),
        target_language=filenode.get("target-language", ""),
        meta=_read_meta(root),
        units=tuple(units),
        original=filenode.get("original", ""),
    )


def _sniff(data: bytes, namespaces: tuple[bytes, ...]) -> bool:
    head = data[:8192]
    return b"<xliff" in head and any(ns in head for ns in namespaces)


# --- XLIFF 2.0 ------------------------------------------------------------------------------
def write_xliff2(doc: ExchangeFile) -> bytes:
    store = tt_xliff2.Xliff2File(sourcelanguage=doc.source_language, targetlanguage=doc.target_language)
    filenode = store.body
    assert filenode is not None, "translate-toolkit creates the <file> of a new store"
    filenode.set("id", doc.original or "leaflet")
    filenode.insert(0, _metadata(doc))
    for unit_doc in doc.units:
        unit = store.addsourceunit(unit_doc.source)
        unit.setid(unit_doc.id)
        segment = unit.xmlelement
        if unit_doc.target:
            unit.target = unit_doc.target
            segment.set("state", "translated")
        else:
            segment.set("state", "initial")
        unit_el = unit.getunitelement()
        # XLIFF 2.0 allows xml:space on <unit>, not on <segment>.
        segment.attrib.pop(XML_SPACE, None)
        unit_el.set(XML_SPACE, "preserve")
        segment.set("id", "s1")  # what the candidates' ref points at
        position = 0
        if unit_doc.matches:
            matches = etree.Element(f"{{{NS_MTC}}}matches", nsmap={"mtc": NS_MTC})
            for match in unit_doc.matches:
                element = etree.SubElement(
                    matches,
                    f"{{{NS_MTC}}}match",
                    {
                        "ref": "#s1",
                        "type": "tm",
                        "similarity": "100",
                        "origin": REVIEWED_ORIGIN if match.reviewed else UNREVIEWED_ORIGIN,
                    },
                )
                etree.SubElement(element, f"{{{NS20}}}source").text = match.source
                etree.SubElement(element, f"{{{NS20}}}target").text = match.target
            unit_el.insert(position, matches)
            position += 1
        if unit_doc.notes:
            notes = etree.Element(f"{{{NS20}}}notes")
            for note in unit_doc.notes:
                etree.SubElement(notes, f"{{{NS20}}}note", category=GLOSSARY).text = note
            unit_el.insert(position, notes)
    return _serialise(store)


def read_xliff2(data: bytes, limit: int) -> ExchangeFile:
    root = safe_xml.parse(data, limit=limit)
    if safe_xml.localname(root) != "xliff" or safe_xml.namespace(root) != NS20:
        raise BadFile(_("The file is not XLIFF 2.0."))
    files = [child for child in root if safe_xml.localname(child) == "file"]
    if len(files) != 1:
        raise BadFile(_("The file has %(n)s <file> elements; an exchange file has exactly one.") % {"n": len(files)})
    store = tt_xliff2.Xliff2File.parsestring(data)
    # translate-toolkit gives one unit per <segment>; a tool that split a unit
    # into several segments gets them joined back, in order.
    joined: dict[int, list] = {}
    order: list = []
    for unit in store.units:
        unit_el = unit.getunitelement()
        if id(unit_el) not in joined:
            joined[id(unit_el)] = [unit_el, [], []]
            order.append(id(unit_el))
        joined[id(unit_el)][1].append(str(unit.source or ""))
        joined[id(unit_el)][2].append(str(unit.target or ""))
    units = tuple(
        Unit(id=joined[k][0].get("id") or "", source="".join(joined[k][1]), target="".join(joined[k][2])) for k in order
    )
    return ExchangeFile(
        source_language=root.get("srcLang", ""),
        target_language=root.get("trgLang", ""),
        meta=_read_meta(root),
        units=units,
        original=files[0].get("id", ""),
    )


def _read_meta(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for group in root.iter(f"{{{NS_MDA}}}metaGroup"):
        if group.get("category") != META_CATEGORY:
            continue
        for element in group.iter(f"{{{NS_MDA}}}meta"):
            key = element.get("type", "")
            if key in meta:
                raise BadFile(_("The file's metadata names %(key)s twice.") % {"key": repr(key)})
            meta[key] = (element.text or "").strip()
    return meta


XLIFF12 = formats.register(
    formats.ExchangeFormat(
        name="xliff12",
        label="XLIFF 1.2",
        extension="xlf",
        content_type="application/x-xliff+xml",
        write=write_xliff12,
        read=read_xliff12,
        sniff=lambda data: _sniff(data, (NS12.encode(), NS11.encode())),
    )
)
XLIFF2 = formats.register(
    formats.ExchangeFormat(
        name="xliff2",
        label="XLIFF 2.0",
        extension="xlf",
        content_type="application/xliff+xml",
        write=write_xliff2,
        read=read_xliff2,
        sniff=lambda data: _sniff(data, (NS20.encode(),)),
    )
)
