"""Playwright against Debian's Chromium, driving the real server (pytest-django's live_server).

Skips loudly when Chromium is missing. Screenshots go to test-artifacts/screenshots/
(git-ignored), named <screen>-<ui language>.png.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from
# the test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
UI_LANGUAGES = ["en", "zh-hans", "ms", "ta"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            "\n" + "!" * 78 + "\nBROWSER TESTS SKIPPED: /usr/bin/chromium is missing.\n"
            "Install it with: apt-get install chromium fonts-noto-core fonts-noto-cjk\n" + "!" * 78 + "\n"
        )
        sys.stderr.write(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _content_languages(transactional_db):
    # The languages are rows written by a data migration; a transactional test's flush removes them.
    from workbench.services import ensure_language_rows

    ensure_language_rows()


@pytest.fixture
def open_as(browser, live_server):
    """open_as(user, ui_language="en", mobile=False) -> a Playwright page logged in as that user."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def open_page(user=None, ui_language: str = "en", mobile: bool = False):
        viewport = {"width": 390, "height": 844} if mobile else {"width": 1360, "height": 900}
        context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=mobile)
        context.set_default_timeout(8000)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": ui_language, "url": live_server.url}]
        if user is not None:
            client = Client()
            client.force_login(user)
            cookies.append(
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            )
            from workbench.models import UserPreference

            UserPreference.objects.update_or_create(user=user, defaults={"ui_language": ui_language})
        context.add_cookies(cookies)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


def shot(page, screen: str, ui_language: str = "en", full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', screen.lower())}-{ui_language}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
