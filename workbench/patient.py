"""What a patient reads: one published language of a leaflet, as a web page and as a print PDF.

Both come from one `PatientPage`, built from the live publication's frozen
body and nothing else the authors can change without review: the title, the
text, and what the page says about how the text was checked (who reviewed it
and when, whether a model helped, when it is next due for review). The page's
own words are in the patient's language; callers build the page inside
`translation.override(UI_LANGUAGE_FOR_CONTENT[lang])`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from review import rules
from review.audit import keyed_seal, keyed_seal_matches
from review.models import Publication, PublicationText
from review.selectors import LanguageTrust, publication_is_sealed, publication_trust
from workbench import pdf
from workbench.languages import CONTENT_LANGUAGES, ContentLanguage
from workbench.models import PublicationPdf

log = logging.getLogger(__name__)
_PDF_SEAL = "publication-pdf"


@dataclass
class PatientPage:
    publication: Publication
    lang: str
    content: ContentLanguage
    title: str
    blocks: list[dict]
    others: list[tuple[str, ContentLanguage]]
    trust: LanguageTrust
    reviewed_on: date
    next_review_due: date
    statements: list[str] = field(default_factory=list)

    @property
    def leaflet_id(self) -> int:
        return self.publication.leaflet_id

    def page_url(self) -> str:
        """The address the printed QR code carries: this publication's own page, so that an
        old printout reached after a withdrawal or a new version says so (see views)."""
        return settings.SITE_URL.rstrip("/") + reverse(
            "public_leaflet_version", args=[self.leaflet_id, self.lang, self.publication.pk]
        )


def organisation() -> dict[str, str]:
    """Whose leaflets these are, from settings; empty parts are left out by the templates."""
    logo = settings.ORGANISATION_LOGO
    return {
        "name": settings.ORGANISATION_NAME,
        "contact": settings.ORGANISATION_CONTACT,
        "web": settings.ORGANISATION_WEB,
        "logo_url": static(logo) if logo else "",
        "logo_path": (finders.find(logo) or "") if logo else "",
    }


def blocks_of(body: list[dict]) -> tuple[str, list[dict]]:
    """The frozen body as (title, display blocks).

    Everything comes from the body, which is exactly the approved text: the
    title item (kind "title") is the page title, headings are section headings,
    consecutive list items form one list and red flags one box. A publication
    frozen before titles were segments has no title item: its first heading is
    the title then. No title at all gives "" (the page shows a generic heading,
    never anything unapproved).
    """
    title = next((item.get("text", "") for item in body if item.get("kind") == "title"), "")
    items = [item for item in body if item.get("kind") != "title"]
    if not title:
        first_heading = next((i for i, item in enumerate(items) if item.get("kind") == "heading"), None)
        if first_heading is not None:
            title = items[first_heading].get("text", "")
            items = items[:first_heading] + items[first_heading + 1 :]
    blocks: list[dict] = []
    for item in items:
        kind, text = item.get("kind"), item.get("text", "")
        if kind in ("list_item", "red_flag") and blocks and blocks[-1]["kind"] == kind:
            blocks[-1]["items"].append(text)
        elif kind in ("list_item", "red_flag"):
            blocks.append({"kind": kind, "items": [text]})
        elif kind == "heading":
            blocks.append({"kind": "heading", "text": text})
        else:
            blocks.append({"kind": "paragraph", "text": text})
    return title, blocks


def _statements(*, lang: str, trust: LanguageTrust, reviewed_on: date, due: date) -> list[str]:
    when = formats.date_format(reviewed_on, "DATE_FORMAT")
    if settings.PATIENT_PAGE_REVIEWER_NAMES:
        reviewed = _("Reviewed by %(native)s (native speaker) and %(clinical)s (clinician) on %(date)s.") % {
            "native": trust.native_reviewer,
            "clinical": trust.clinical_reviewer,
            "date": when,
        }
    else:
        reviewed = _("Reviewed by a native speaker and a clinician on %(date)s.") % {"date": when}
    lines = [reviewed]
    if trust.ai_assisted:
        lines.append(
            settings.AI_ASSISTANCE_STATEMENTS.get(lang)
            or _(
                "A computer language model helped to draft or translate this leaflet. "
                "People checked every word before it was published."
            )
        )
    lines.append(_("Next review due: %(date)s.") % {"date": formats.date_format(due, "DATE_FORMAT")})
    return lines


def patient_page(*, publication: Publication, lang: str) -> PatientPage | None:
    """The page of `lang` of a publication, or None when it does not hold that language or is
    not the publication the keyed audit trail records (then patients are shown nothing)."""
    texts: dict[str, PublicationText] = {t.language_id: t for t in publication.texts.all()}
    text = texts.get(lang)
    if text is None or not publication_is_sealed(publication=publication, texts=list(texts.values())):
        return None
    trust = publication_trust(publication=publication, texts=[text])[lang]
    reviewed_on = timezone.localdate(trust.reviewed_at)
    due = rules.review_due(reviewed_on, publication.leaflet.review_interval_months)
    title, blocks = blocks_of(text.body)
    return PatientPage(
        publication=publication,
        lang=lang,
        content=CONTENT_LANGUAGES[lang],
        title=title,
        blocks=blocks,
        others=[(code, CONTENT_LANGUAGES[code]) for code in CONTENT_LANGUAGES if code in texts and code != lang],
        trust=trust,
        reviewed_on=reviewed_on,
        next_review_due=due,
        statements=_statements(lang=lang, trust=trust, reviewed_on=reviewed_on, due=due),
    )


def settings_fingerprint() -> str:
    """What the page shows besides the publication: part of the cache key, so that a changed
    setting is never served from a page rendered before it."""
    parts = [
        organisation(),
        settings.PATIENT_PAGE_REVIEWER_NAMES,
        settings.AI_ASSISTANCE_STATEMENTS,
        settings.SITE_URL,
        pdf.pdf_unavailable_reason() or "",
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _print_arguments(page: PatientPage) -> dict:
    org = organisation()
    return {
        "html_lang": page.content.html_lang,
        "language_code": page.lang,
        "title": page.title or _("Patient information"),
        "blocks": page.blocks,
        "red_flags_label": _("Get help at once"),
        "statements": page.statements,
        "organisation": {key: org[key] for key in ("name", "contact", "web", "logo_path")},
        "page_url": page.page_url(),
        "footer_note": _(
            "This leaflet gives general information. It does not replace advice from your own doctor, "
            "nurse or care team. If you are unsure or your condition changes, ask them."
        ),
    }


def publication_pdf(*, page: PatientPage) -> bytes:
    """The print PDF of a patient page: made once per publication, language and everything printed.

    Raises pdf.PdfUnavailable when this server cannot make PDFs.
    """
    arguments = _print_arguments(page)
    fingerprint = hashlib.sha256(
        json.dumps(arguments, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    identity = f"{page.publication.pk}:{page.lang}:{fingerprint}:".encode()
    stored = (
        PublicationPdf.objects.filter(publication=page.publication, language_id=page.lang, fingerprint=fingerprint)
        .values_list("pk", "pdf", "seal")
        .first()
    )
    if stored is not None:
        pk, data, seal = stored[0], bytes(stored[1]), stored[2]
        if keyed_seal_matches(_PDF_SEAL, identity + data, seal):
            return data
        # Written by someone without the audit key: never served; made again from the sealed text.
        log.error("print PDF %s of publication %s does not match its seal; made again", pk, page.publication.pk)
        data = pdf.leaflet_pdf(**arguments)
        PublicationPdf.objects.filter(pk=pk).update(pdf=data, seal=keyed_seal(_PDF_SEAL, identity + data))
        return data
    data = pdf.leaflet_pdf(**arguments)
    try:
        # Two readers asking at once both render; the second row is refused and either copy serves.
        with transaction.atomic():
            PublicationPdf.objects.create(
                publication=page.publication,
                language_id=page.lang,
                fingerprint=fingerprint,
                pdf=data,
                seal=keyed_seal(_PDF_SEAL, identity + data),
            )
    except IntegrityError:
        pass
    return data
