"""A Malay translator reconciles two independent translations in the browser: version A for the title, their own
wording for the sentence the two models disagree on, version B for the other; the database holds exactly that."""

import pytest

from tests.browser.conftest import ROOT, shot
from tests.browser.test_accessibility import axe_page, serious_violations  # noqa: F401 - the fixture, shared
from tests.conftest import TICO, TITLES
from tests.dual_forward.conftest import MALAY_B, providers, servers, translate_twice  # noqa: F401 - fixtures
from tests.dual_forward.helpers import segments_of
from translations.models import Contribution, Reconciliation

pytestmark = pytest.mark.browser

OWN = "berapa lamakah anda sudah mengalami simptom ini?"


def test_a_translator_reconciles_two_versions_and_the_database_holds_the_choices(
    personas,
    providers,  # noqa: F811
    servers,  # noqa: F811
    open_as,
    axe_page,  # noqa: F811
):
    from workbench.services import SegmentInput, leaflet_create

    leaflet = leaflet_create(
        user=personas.author,
        title="Symptoms check",
        required_languages=["en", "ms"],
        dual_forward_languages=["ms"],
        segments=[SegmentInput(kind="paragraph", text=row["en"]) for row in TICO],
    )
    malay = translate_twice(leaflet, personas.author)
    title, one, two = segments_of(malay)
    translator = personas.translator("ms")

    # No serious accessibility violations on the screen as the translator first sees it.
    checked = axe_page(translator)
    checked.goto(f"{checked.base_url}/reconcile/{malay.pk}/")
    assert serious_violations(checked) == []

    page = open_as(translator)
    page.goto(f"{page.base_url}/reconcile/{malay.pk}/")
    first = page.locator(f"#rec-{one.key}")
    assert first.locator("[data-version=a]").get_by_text(TICO[0]["ms"][:20], exact=False).is_visible()
    assert first.locator("[data-version=b] mark.diff").first.is_visible()  # the difference is highlighted
    assert "berlarutan?" in first.locator("[data-version=b] mark.diff").all_inner_texts()
    shot(page, "reconciliation", "en")
    (ROOT / "var" / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ROOT / "var" / "screenshots" / "reconciliation.png"), full_page=True)

    page.locator(f"#rec-{title.key}").get_by_label("Use version A").check()
    first.get_by_label("Write my own").check()
    first.get_by_role("textbox").fill(OWN)
    page.locator(f"#rec-{two.key}").get_by_label("Use version B").check()
    page.get_by_role("button", name="Save the reconciled text").click()
    page.get_by_text("Reconciled 3 segments.").wait_for()
    assert page.js_errors == []

    texts = {s.key: s.text for s in segments_of(malay)}
    assert texts == {title.key: TITLES["Symptoms check"]["ms"], one.key: OWN, two.key: TICO[1]["ms"]}
    assert MALAY_B not in texts.values()
    assert dict(Reconciliation.objects.values_list("key", "choice")) == {title.key: "a", one.key: "own", two.key: "b"}
    assert set(Contribution.objects.filter(leaflet=leaflet, language="ms").values_list("user", flat=True)) == {
        translator.pk
    }
