"""List pages cost the same number of queries with 5 leaflets as with 60.

Each page is fetched at both sizes by the people who see it; the number of
queries must not grow with the data (it may differ by role, not by size).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.services import (
    leaflet_publish,
    translation_change_request_withdraw,
    translation_claim,
    translation_request_changes,
)
from tests.conftest import approve_everything, make_leaflet, text_of, translate_all


def _add_leaflets(personas, start: int, count: int):
    """A realistic mix, every state present in any five: untranslated (claimed by a translator or not),
    translated with a withdrawn change request, an open change request, approved and published, approved
    and waiting."""
    leaflets = []
    for i in range(start, start + count):
        leaflet = make_leaflet(personas.author, languages=("en", "ta", "ms"), title=f"Race {i}")
        kind = i % 5
        if kind == 0 and i % 10 == 0:
            translation_claim(text_version=text_of(leaflet, "ms"), translator=personas.translator("ms"))
        if kind >= 1:
            translate_all(leaflet)
        if kind == 2:
            translation_request_changes(
                text_version=text_of(leaflet, "ms"),
                stage="clinical",
                reviewer=personas.reviewer("ms", "clinical"),
                comment="Say 'ubat' rather than 'dadah'.",
            )
        if kind in (1, 2):
            request = translation_request_changes(
                text_version=text_of(leaflet, "ta"),
                stage="native",
                reviewer=personas.reviewer("ta", "native"),
                comment="Please check the word for symptoms.",
            )
            if kind == 1:
                translation_change_request_withdraw(change_request=request, reviewer=personas.reviewer("ta", "native"))
        if kind >= 3:
            approve_everything(leaflet, personas)
        if kind == 3:
            leaflet_publish(leaflet=leaflet, publisher=personas.publisher)
        leaflets.append(leaflet)
    return leaflets


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_list_pages_do_not_make_a_query_per_leaflet(personas, as_user):
    first = _add_leaflets(personas, 0, 5)
    pages = {
        "author home": (personas.author, "/"),
        "Tamil reviewer home": (personas.reviewer("ta", "native"), "/"),
        "English clinician home": (personas.reviewer("en", "clinical"), "/"),
        "publisher home": (personas.publisher, "/"),
        "Malay translator home": (personas.translator("ms"), "/"),
        "leaflet list": (personas.author, "/leaflets/"),
        "reviewer's leaflet list": (personas.reviewer("ta", "clinical"), "/leaflets/"),
        "dashboard": (personas.publisher, "/dashboard/"),
        "audit list": (personas.publisher, f"/leaflets/{first[3].pk}/audit/"),
        "publish screen": (personas.publisher, f"/leaflets/{first[3].pk}/publish/"),
        "leaflet overview": (personas.author, f"/leaflets/{first[3].pk}/"),
    }
    small = {name: _queries(as_user(user), url) for name, (user, url) in pages.items()}

    _add_leaflets(personas, 5, 55)
    large = {name: _queries(as_user(user), url) for name, (user, url) in pages.items()}

    assert large == small
    # The translator's page lists every untranslated and every changes-requested Malay text, not an empty list.
    translation = as_user(personas.translator("ms")).get("/").context["translation"]
    assert translation.total == len(translation.items) == 24
    assert sum(1 for item in translation.items if item.claimed_by) == 6
    # Figures for the record (pytest -s shows them).
    print({name: small[name] for name in pages})
