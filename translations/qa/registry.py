"""The registry of QA checks: a check is a class decorated with @register."""

from __future__ import annotations

from typing import TypeVar

from translations.qa.base import SEVERITIES, DeclaredMessages, DocumentCheck, SegmentCheck

CheckT = TypeVar("CheckT", bound=DeclaredMessages)

_REGISTRY: dict[str, type[DeclaredMessages]] = {}


def register(cls: type[CheckT]) -> type[CheckT]:
    if not (issubclass(cls, SegmentCheck) or issubclass(cls, DocumentCheck)):
        raise TypeError(f"{cls.__name__} is neither a SegmentCheck nor a DocumentCheck")
    check_id = getattr(cls, "check_id", "")
    if not check_id or len(check_id) > 50:
        # 50 is the width of translations.models.Finding.check_id.
        raise ValueError(f"{cls.__name__} needs a check_id of 1-50 characters")
    if check_id in _REGISTRY and _REGISTRY[check_id] is not cls:
        raise ValueError(f"check_id {check_id!r} is already registered by {_REGISTRY[check_id].__name__}")
    if getattr(cls, "severity", None) not in SEVERITIES:
        raise ValueError(f"{cls.__name__}.severity must be one of {SEVERITIES}")
    for attribute in ("name", "description"):
        if not getattr(cls, attribute, ""):
            raise ValueError(f"{cls.__name__} needs a {attribute}")
    messages = getattr(cls, "messages", None)
    if not messages or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in messages.items()):
        raise ValueError(f"{cls.__name__} needs messages: {{key: template}} (see translations/qa/messages.py)")
    _REGISTRY[check_id] = cls
    return cls


def _load() -> tuple[str, ...]:
    """Import the check modules (they register themselves) and return their run order."""
    from translations.qa.checks import RUN_ORDER

    return RUN_ORDER


def registered_checks() -> list[type[DeclaredMessages]]:
    """Every registered check in run order (checks.RUN_ORDER); any other check after those, as registered."""
    rank = {check_id: i for i, check_id in enumerate(_load())}
    return sorted(_REGISTRY.values(), key=lambda cls: rank.get(cls.check_id, len(rank)))


def check_class(check_id: str) -> type[DeclaredMessages] | None:
    """The registered check with this id, or None (a check since removed)."""
    _load()
    return _REGISTRY.get(check_id)


def segment_checks() -> list[type[SegmentCheck]]:
    return [cls for cls in registered_checks() if issubclass(cls, SegmentCheck)]


def document_checks() -> list[type[DocumentCheck]]:
    return [cls for cls in registered_checks() if issubclass(cls, DocumentCheck)]
