"""Finding messages: declared by the checks, stored in English, shown in the reader's language.

A check declares its messages as templates with named placeholders, marked
with gettext_noop so that makemessages collects them into the catalogues:

    messages = {"emergency": gettext_noop("The source has %(number)s (emergency number) but the target does not.")}

and reports `self.finding("emergency", number="995")`. The finding carries the
template's key and the parameters (JSON-friendly: strings, numbers, lists) and,
rendered once in English, the message: that English is what the audit trail,
the qa_check command and every export keep, whatever language the person who
triggered the check was using.

When a finding is shown, `render_stored()` translates the template into the
active language and fills in the same parameters. Parameters that are codes
(a language, a script, a kind of placeholder) are turned into words by the
check's `localise()`, in the same language. A finding stored before messages
had parameters, or whose template no longer exists or no longer fits its
parameters, shows its stored English message.

Templates are marked with gettext_noop rather than gettext_lazy on purpose:
the stored English must not depend on the language active when the check ran
(a Tamil reviewer's edit reruns the checks inside her request), and the checks
must keep running without Django settings (the benchmark, the command).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_noop

if TYPE_CHECKING:  # base.py imports this module
    from translations.qa.base import DeclaredMessages

logger = logging.getLogger(__name__)

Translate = Callable[[str], str]

# The key of the message every check can produce: the runner reports a check
# that raised with it (translations/qa/runner.py).
CRASHED = "crashed"
COMMON_MESSAGES: dict[str, str] = {
    CRASHED: gettext_noop("The %(check)s check could not run on this text (%(error)s); check it by hand."),
}

MORE = gettext_noop("%(items)s and %(count)s more")
# Translators: between the items of a list in a QA finding ("2, 3, 4"); Chinese uses 、
LIST_SEPARATOR = gettext_noop(", ")


def english(text: str) -> str:
    """The "translation" used when a finding is made: the template as written."""
    return text


def listed(items: Iterable[Any], limit: int) -> dict:
    """A list parameter: the first `limit` items and how many more there are.

    Shown as "a, b, c and 2 more" (the "and 2 more" in the reader's language).
    """
    items = list(items)
    return {"items": items[:limit], "more": max(0, len(items) - limit)}


def join(items: Iterable[Any], translate: Translate) -> str:
    """Items as a list in the reader's language: "a, b, c" (Chinese: "a、b、c")."""
    return translate(LIST_SEPARATOR).join(str(item) for item in items)


def _display(value: Any, translate: Translate) -> Any:
    if isinstance(value, dict) and "items" in value:
        shown = join(value["items"], translate)
        more = value.get("more") or 0
        return translate(MORE) % {"items": shown, "count": more} if more else shown
    return value


def render(check: type[DeclaredMessages], key: str, params: Mapping[str, Any], translate: Translate = english) -> str:
    """One check's message `key` with `params`, in the language `translate` gives.

    Raises KeyError for an unknown key or a placeholder without a parameter.
    """
    template = check.template(key)
    if template is None:
        raise KeyError(f"{check.check_id} has no message {key!r}")
    values = dict(check.localise(key, dict(params), translate))
    if key == CRASHED:
        values["check"] = translate(check.name).lower()
    values = {name: _display(value, translate) for name, value in values.items()}
    return translate(template) % values


def render_stored(check_id: str, key: str, params: Any, fallback: str) -> str:
    """A stored finding's message in the active language, or `fallback` (its stored English).

    The fallback covers findings made before messages had parameters, checks or
    templates that have since been removed, and parameters that no longer fit.
    """
    if not key or not isinstance(params, dict):
        return fallback
    from django.utils.translation import gettext

    from translations.qa.registry import check_class

    check = check_class(check_id)
    if check is None or check.template(key) is None:
        return fallback
    try:
        return render(check, key, params, gettext)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        logger.warning(
            "QA finding message %s/%s does not fit its parameters; showing the stored text",
            check_id,
            key,
            exc_info=True,
        )
        return fallback
