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

from django.utils.translation import gettext as _
from lxml import etree

from translations.exchange.documents import BadFile


def _entities() -> str:
    return _(
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
            _("The file is %(size)s bytes; the limit is %(limit)s bytes (WORKBENCH_EXCHANGE_MAX_FILE_BYTES).")
            % {"size": f"{len(data):,}", "limit": f"{limit:,}"}
        )


def parse(data: bytes, *, limit: int) -> etree._Element:
    """The root element of `data`, or BadFile: too large, not well-formed, or declaring entities."""
    check_size(data, limit)
    if not data.strip():
        raise BadFile(_("The file is empty."))
    if b"<!ENTITY" in data:  # refused before parsing (a UTF-16 file is caught after it, below)
        raise BadFile(_entities())
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else "?")
        raise BadFile(
            _("The file is not well-formed XML (line %(line)s): %(error)s") % {"line": line, "error": exc.msg}
        ) from None
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot honour
        raise BadFile(_("The file is not well-formed XML: %(error)s") % {"error": exc}) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (any(True for _item in dtd.iterentities()) or any(True for _item in dtd.iterelements())):
        raise BadFile(_entities())
    if any(True for _item in root.iter(etree.Entity)):
        raise BadFile(
            _(
                "The file refers to an entity it does not define; exchange files must not use entities. "
                "Nothing was imported."
            )
        )
    return root


def localname(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def namespace(element) -> str:
    return etree.QName(element).namespace or "" if isinstance(element.tag, str) else ""
