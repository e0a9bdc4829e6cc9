"""The registry of exchange file formats: the commands and views offer what is registered here.

A format module registers itself on import (translations/exchange/xliff.py
registers "xliff12" and "xliff2"); translations/exchange/services.py imports
the format modules it offers. A later module (DOCX or PDF for proofreading,
say) registers its own `ExchangeFormat` the same way, and only the import in
services.py changes: the commands and views read the registry. A format
without `read` can be exported but not imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from translations.exchange.documents import BadFile, ExchangeFile


@dataclass(frozen=True)
class ExchangeFormat:
    name: str
    label: str
    extension: str
    content_type: str
    write: Callable[[ExchangeFile], bytes]
    # (data, size limit in bytes) -> the file; raises BadFile
    read: Callable[[bytes, int], ExchangeFile] | None = None
    # Does `data` look like this format? Cheap, on the raw bytes; read() decides.
    sniff: Callable[[bytes], bool] | None = None


_FORMATS: dict[str, ExchangeFormat] = {}


def register(exchange_format: ExchangeFormat) -> ExchangeFormat:
    existing = _FORMATS.get(exchange_format.name)
    if existing is not None and existing != exchange_format:
        raise ValueError(f"An exchange format named {exchange_format.name!r} is already registered.")
    _FORMATS[exchange_format.name] = exchange_format
    return exchange_format


def names(*, readable: bool = False) -> list[str]:
    return [name for name, fmt in _FORMATS.items() if not readable or fmt.read is not None]


def get(name: str) -> ExchangeFormat:
    try:
        return _FORMATS[name]
    except KeyError:
        raise BadFile(
            _("Unknown file format %(name)s; use one of %(names)s.") % {"name": repr(name), "names": ", ".join(names())}
        ) from None


def detect(data: bytes) -> ExchangeFormat:
    """The registered format that reads `data`, or BadFile naming the ones that could."""
    for exchange_format in _FORMATS.values():
        if exchange_format.read is not None and exchange_format.sniff is not None and exchange_format.sniff(data):
            return exchange_format
    readable = ", ".join(fmt.label for fmt in _FORMATS.values() if fmt.read is not None)
    raise BadFile(_("The file is not in a format that can be imported (%(formats)s).") % {"formats": readable})
