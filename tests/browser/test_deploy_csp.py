"""With the Content-Security-Policy on, Chromium refuses nothing on the main pages, the admin included.

Chromium reports every blocked inline script, inline style or foreign source
as a console message ("Refused to ..."); this collects them page by page.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.browser.helpers import leaflet_with_red_flag, published_leaflet
from tests.conftest import text_of

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    refused = []
    page.on(
        "console",
        lambda message: refused.append(f"{page.url}: {message.text}")
        if "Content Security Policy" in message.text or message.text.startswith("Refused to")
        else None,
    )
    return refused


def _visit(page, paths) -> list[str]:
    refused = _watch(page)
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response.status == 200, (path, response.status)
        assert response.headers.get("content-security-policy"), path
        page.wait_for_load_state("load")
    return refused


def test_no_page_of_the_workbench_violates_the_policy(personas, open_as):
    leaflet = leaflet_with_red_flag(personas)
    published = published_leaflet(personas)
    tamil = text_of(leaflet, "ta")

    refused = _visit(open_as(None), ["/accounts/login/", f"/p/{published.pk}/ta/", f"/p/{published.pk}/zh/"])
    refused += _visit(
        open_as(personas.author),
        [
            "/",
            "/leaflets/",
            "/leaflets/new/",
            f"/leaflets/{leaflet.pk}/",
            f"/leaflets/{leaflet.pk}/edit/",
            f"/leaflets/{leaflet.pk}/revisions/",
            "/leaflets/draft/",
        ],
    )
    refused += _visit(open_as(personas.reviewer("ta", "native")), [f"/review/{tamil.pk}/"])
    refused += _visit(
        open_as(personas.publisher),
        [
            f"/leaflets/{published.pk}/publish/",
            f"/leaflets/{published.pk}/audit/",
            "/dashboard/",
            "/glossary/",
            "/glossary/ta/",
        ],
    )
    assert refused == []


def test_the_admin_works_under_the_policy(personas, open_as):
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", None)
    page = open_as(root)
    refused = _visit(
        page,
        [
            "/admin/",
            "/admin/auth/user/",
            f"/admin/auth/user/{personas.author.pk}/change/",
            "/admin/auth/group/add/",
            "/admin/workbench/language/ta/permissions/",
            "/admin/axes/accessattempt/",
        ],
    )
    # The admin's own JavaScript runs: the group filter widget is built by SelectFilter2.js.
    page.goto(page.base_url + f"/admin/auth/user/{personas.author.pk}/change/")
    assert page.locator("#id_groups_filter").count() == 1
    assert refused == [] and page.js_errors == []
    # The admin login page, anonymous.
    assert _visit(open_as(None), ["/admin/login/"]) == []
