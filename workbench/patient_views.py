"""The pages patients reach, with no login: the leaflet, its print PDF, and what an old link finds.

Never a bare 404 or Django's debug page: a patient who scans the QR code of a
printout after the leaflet was withdrawn or replaced is told so, in the
language of the printout, and given the current version where there is one.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from review.models import Publication, PublicationText
from workbench import pdf
from workbench.languages import CONTENT_LANGUAGES, UI_LANGUAGE_FOR_CONTENT
from workbench.patient import PatientPage, organisation, patient_page, publication_pdf, settings_fingerprint

log = logging.getLogger(__name__)


def _live(leaflet_id: int) -> Publication | None:
    return (
        Publication.objects.select_related("leaflet", "revision")
        .filter(leaflet_id=leaflet_id, state=Publication.State.LIVE)
        .first()
    )


def _render(template: str, lang: str, context: dict, *, status: int = 200) -> HttpResponse:
    """A patient-facing page in the patient's language (the page's own words, not the leaflet's)."""
    content = CONTENT_LANGUAGES[lang]
    with translation.override(UI_LANGUAGE_FOR_CONTENT[lang]):
        html = render_to_string(template, {"content": content, "organisation": organisation(), **context})
    return _response(html, content.html_lang, status=status)


def _response(html: str, html_lang: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(html, status=status)
    response["Content-Language"] = html_lang
    return response


def _notice(lang: str, *, heading, lines, links=(), status: int, leaflet_id: int | None = None) -> HttpResponse:
    return _render(
        "workbench/patient_notice.html",
        lang,
        {"heading": heading, "lines": lines, "links": list(links), "leaflet_id": leaflet_id, "others": []},
        status=status,
    )


def _not_found(lang: str) -> HttpResponse:
    with translation.override(UI_LANGUAGE_FOR_CONTENT[lang]):
        heading = _("Leaflet not found")
        lines = [_("There is no patient leaflet at this address. Check the address, or ask your care team.")]
    return _notice(lang, heading=heading, lines=lines, status=404)


def _elsewhere(leaflet_id: int, lang: str, *, replaced: Publication | None = None) -> HttpResponse:
    """What a reader finds where no live publication holds this language: why, and what is current."""
    live = _live(leaflet_id)
    live_languages = (
        list(live.texts.order_by("language_id").values_list("language_id", flat=True)) if live is not None else []
    )
    last = replaced or (
        Publication.objects.filter(leaflet_id=leaflet_id, texts__language_id=lang)
        .exclude(state=Publication.State.PENDING)
        .order_by("-published_at", "-id")
        .first()
    )
    with translation.override(UI_LANGUAGE_FOR_CONTENT[lang]):
        if last is None and live is None:
            return _not_found(lang)
        links = [
            (reverse("public_leaflet", args=[leaflet_id, code]), CONTENT_LANGUAGES[code].native_name, None)
            for code in live_languages
        ]
        if live is not None and lang in live_languages:
            heading = _("This leaflet has been replaced")
            lines = [
                _("The leaflet you are looking for has been replaced by a newer version. Please read the current one.")
            ]
            links = [(reverse("public_leaflet", args=[leaflet_id, lang]), _("Read the current version"), None)]
        elif live is not None:
            heading = _("This leaflet is not available in this language")
            lines = [_("It is available in the languages below. Ask your care team if you need it in your language.")]
        else:
            heading = _("This leaflet has been withdrawn")
            withdrawn_at = last.withdrawn_at if last is not None else None
            lines = [
                _("It was withdrawn on %(date)s and should no longer be used.")
                % {"date": formats.date_format(withdrawn_at, "DATE_FORMAT")}
                if withdrawn_at
                else _("It has been withdrawn and should no longer be used."),
                _("Please ask your doctor, nurse or care team for current information."),
            ]
        if live is not None and lang in live_languages:
            status = 200  # an old printout's address: the notice and the current version are the answer
        elif last is not None:
            status = 410  # it was here, in this language, and is gone
        else:
            status = 404
    return _notice(lang, heading=heading, lines=lines, links=links, status=status, leaflet_id=leaflet_id)


def _page(publication: Publication, lang: str) -> PatientPage | None:
    page = patient_page(publication=publication, lang=lang)
    if page is None and publication.texts.filter(language_id=lang).exists():
        # Rows that passed the database's rules but that nobody holding the
        # audit key published: show patients nothing, and say so loudly here.
        log.error(
            "publication %s of leaflet %s is not the one the audit trail records; not shown",
            publication.pk,
            publication.leaflet_id,
        )
    return page


def public_leaflet(request: HttpRequest, leaflet_id: int, lang: str) -> HttpResponse:
    """What patients read: the live publication's frozen text in one language. No login.

    Only approved content reaches this page: the title and the text come from
    the frozen body alone (never Leaflet.title, topic or audience, nor the
    PublicationText.title column), and the language list names only the
    languages the live publication holds.

    The rendered page is cached under the live publication's identity, the
    leaflet's review interval (the "next review due" date) and the settings
    the page shows. Publication texts are immutable, so nothing else needs
    clearing: publishing or withdrawing changes which publication is live, and
    so the key; the one query that finds the live publication is the price of
    never serving a withdrawn leaflet.
    """
    if lang not in CONTENT_LANGUAGES:
        return _not_found("en")
    publication = _live(leaflet_id)
    if publication is None:
        return _elsewhere(leaflet_id, lang)
    key = ":".join(
        str(part)
        for part in (
            "patient-page:2",
            publication.pk,
            publication.published_at.isoformat(),
            lang,
            publication.leaflet.review_interval_months,
            settings_fingerprint(),
        )
    )
    cached = _cache_get(key)
    if cached is not None:
        return _response(*cached)
    with translation.override(UI_LANGUAGE_FOR_CONTENT[lang]):
        page = _page(publication, lang)
    if page is None:
        return _elsewhere(leaflet_id, lang) if not _holds(publication, lang) else _not_found(lang)
    response = _render(
        "workbench/public_leaflet.html",
        lang,
        {
            "page": page,
            "others": page.others,
            "leaflet_id": leaflet_id,
            "pdf_unavailable": pdf.pdf_unavailable_reason(),
        },
    )
    _cache_set(key, (response.content.decode(), page.content.html_lang))
    return response


def _holds(publication: Publication, lang: str) -> bool:
    return publication.texts.filter(language_id=lang).exists()


def public_leaflet_version(request: HttpRequest, leaflet_id: int, lang: str, publication_id: int) -> HttpResponse:
    """The address a printout's QR code carries: that publication's page.

    While it is live this is the leaflet's page; once it was withdrawn or
    replaced, the reader is told which, and where the current version is.
    """
    if lang not in CONTENT_LANGUAGES:
        return _not_found("en")
    publication = (
        Publication.objects.filter(pk=publication_id, leaflet_id=leaflet_id)
        .exclude(state=Publication.State.PENDING)
        .prefetch_related(Prefetch("texts", queryset=PublicationText.objects.only("id", "publication_id", "language")))
        .first()
    )
    if publication is None or not any(t.language_id == lang for t in publication.texts.all()):
        return _not_found(lang)
    if publication.state == Publication.State.LIVE:
        return redirect("public_leaflet", leaflet_id, lang)
    return _elsewhere(leaflet_id, lang, replaced=publication)


def public_leaflet_pdf(request: HttpRequest, leaflet_id: int, lang: str) -> HttpResponse:
    """The print PDF of the live publication in one language: the exact published text."""
    if lang not in CONTENT_LANGUAGES:
        return _not_found("en")
    publication = _live(leaflet_id)
    if publication is None:
        return _elsewhere(leaflet_id, lang)
    with translation.override(UI_LANGUAGE_FOR_CONTENT[lang]):
        page = _page(publication, lang)
        if page is None:
            return _elsewhere(leaflet_id, lang) if not _holds(publication, lang) else _not_found(lang)
        try:
            data = publication_pdf(page=page)
        except pdf.PdfUnavailable as exc:
            log.warning("print PDF unavailable: %s", exc)
            return _notice(
                lang,
                heading=_("The print version is not available"),
                lines=[
                    _(
                        "The print version cannot be made on this server at the moment: its PDF libraries are "
                        "not installed. You can print this page from your browser."
                    )
                ],
                links=[(reverse("public_leaflet", args=[leaflet_id, lang]), _("Back to the leaflet"), None)],
                status=503,
                leaflet_id=leaflet_id,
            )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="leaflet-{leaflet_id}-{lang}.pdf"'
    response["Content-Language"] = page.content.html_lang
    return response


def _cache_get(key: str):
    # The cache only saves work: if it is down, patients still get the page.
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - any cache failure degrades to rendering
        log.warning("patient page cache unavailable", exc_info=True)
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, timeout=24 * 3600)
    except Exception:  # noqa: BLE001
        log.warning("patient page cache unavailable", exc_info=True)
