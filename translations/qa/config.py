"""Settings the checks read, with their defaults."""

from __future__ import annotations

from collections.abc import Sequence

# Singapore: 995 ambulance and fire, 999 police, 1777 non-emergency ambulance.
DEFAULT_EMERGENCY_NUMBERS = ("995", "999", "1777")


def emergency_numbers(explicit: Sequence[str] | None = None) -> tuple[str, ...]:
    """The explicit list, else settings.EMERGENCY_NUMBERS when Django is
    configured and has it, else the Singapore defaults."""
    if explicit is not None:
        return tuple(str(n).strip() for n in explicit if str(n).strip())
    try:
        from django.conf import settings

        if settings.configured:
            configured = getattr(settings, "EMERGENCY_NUMBERS", None)
            if configured:
                return tuple(str(n).strip() for n in configured if str(n).strip())
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return DEFAULT_EMERGENCY_NUMBERS
