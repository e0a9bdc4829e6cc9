"""Parse XML from outside safely, before any other code (translate-toolkit included) sees it.

translate-toolkit 3.20 parses with lxml, `resolve_entities=False` and
`no_network=True` (translate.misc.xml_helpers.get_safe_xml_parser): entities
are not expanded and nothing is fetched. We check first anyway, with the same
kind of parser and `huge_tree` off, and refuse outright any file that declares
or references an entity: a leaflet file never needs one, and an entity left
unexpanded would silently drop text. So a "billion laughs" file, an external
entity (file:///etc/passwd, http://...) or a parameter entity is refused with
a message, and the size limit is checked before parsing starts.
"""

from __future__ import annotations

from lxml import etree

from translations.exchange.documents import BadFile

_ENTITIES = (
    "The file declares entities in a document type; exchange files must not (an entity can expand to "
    "gigabytes or read files from the server). Nothing was imported."
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=False,
        collect_ids=False,
    )


def check_size(data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise BadFile(
            f"The file is {len(data):,} bytes; the limit is {limit:,} bytes (WORKBENCH_EXCHANGE_MAX_FILE_BYTES)."
        )


def parse(data: bytes, *, limit: int) -> etree._Element:
    """The root element of `data`, or BadFile: too large, not well-formed, or declaring entities."""
    check_size(data, limit)
    if not data.strip():
        raise BadFile("The file is empty.")
    if b"<!ENTITY" in data:  # refused before parsing (a UTF-16 file is caught after it, below)
        raise BadFile(_ENTITIES)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else "?")
        raise BadFile(f"The file is not well-formed XML (line {line}): {exc.msg}") from None
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot honour
        raise BadFile(f"The file is not well-formed XML: {exc}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (any(True for _ in dtd.iterentities()) or any(True for _ in dtd.iterelements())):
        raise BadFile(_ENTITIES)
    if any(True for _ in root.iter(etree.Entity)):
        raise BadFile(
            "The file refers to an entity it does not define; exchange files must not use entities. "
            "Nothing was imported."
        )
    return root


def localname(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def namespace(element) -> str:
    return etree.QName(element).namespace or "" if isinstance(element.tag, str) else ""
