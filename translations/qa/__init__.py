"""Translation QA: a registry of small checks over segments and source documents.

Each check is a class with a check_id, a severity and the languages it applies
to, registered with @register (translations/qa/registry.py); the checks live
in translations/qa/checks/. See docs/qa.md.
"""

from translations.qa.base import GlossaryEntry, QAFinding
from translations.qa.registry import registered_checks
from translations.qa.runner import check_segment, check_source_document

__all__ = ["GlossaryEntry", "QAFinding", "check_segment", "check_source_document", "registered_checks"]
