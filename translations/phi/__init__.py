"""Personal-data (PHI) detection and the guard in front of external models."""

from translations.phi.detector import PhiSpan, detect
from translations.phi.guard import (
    GuardedPayload,
    PhiBlocked,
    PhiLocation,
    PlaceholderMismatch,
    guard_outbound,
    restore,
)

__all__ = [
    "GuardedPayload",
    "PhiBlocked",
    "PhiLocation",
    "PhiSpan",
    "PlaceholderMismatch",
    "detect",
    "guard_outbound",
    "restore",
]
