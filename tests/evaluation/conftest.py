"""Providers of different quality on one scripted model server, and the reference files they are scored on."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from tests.conftest import make_user
from tests.support.fake_llm_data import TICO_PATH
from translations.models import Provider

GOOD, DROPPER, NUMBERS = "good-model", "dropper-model", "numbers-model"


@pytest.fixture(autouse=True)
def quick_retries(settings):
    # A provider that is down is tried MODEL_MAX_ATTEMPTS times per batch: in tests, without the real backoff.
    settings.MODEL_BACKOFF_BASE_S = 0.01
    settings.MODEL_BACKOFF_MAX_S = 0.05
    settings.MODEL_MAX_ATTEMPTS = 3


@pytest.fixture
def provider_manager(personas):
    """IT staff holding the model permission: they may manage providers, and so queue evaluations."""
    user = make_user("it_admin")
    user.user_permissions.add(
        Permission.objects.get(codename="change_provider", content_type__app_label="translations")
    )
    return user


@pytest.fixture
def tico_path() -> Path:
    if not TICO_PATH.is_file():
        pytest.skip(f"NEEDS THE TICO-19 DEV SET at {TICO_PATH} (the shared data folder)")
    return TICO_PATH


@pytest.fixture
def quality_server(model_server):
    model_server.qualities = {GOOD: "exact", DROPPER: "drops_words", NUMBERS: "wrong_numbers"}
    return model_server


def make_provider(server, name: str, model: str, **fields) -> Provider:
    values = {
        "base_url": server.base_url,
        "model": model,
        "timeout_s": 5,
        "max_tokens": 8000,
        "price_in_per_1k": "0.0005",
        "price_out_per_1k": "0.0015",
        "max_concurrency": 4,
        **fields,
    }
    return Provider.objects.create(name=name, **values)


@pytest.fixture
def good(db, quality_server, needs_redis) -> Provider:
    return make_provider(quality_server, "good", GOOD)


@pytest.fixture
def dropper(db, quality_server, needs_redis) -> Provider:
    return make_provider(quality_server, "dropper", DROPPER)


@pytest.fixture
def numbers(db, quality_server, needs_redis) -> Provider:
    return make_provider(quality_server, "numbers", NUMBERS)


def write_tsv(path: Path, rows: list[dict], columns: tuple[str, ...] = ("id", "source", "reference")) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    return path


def tico_rows(limit: int, *, with_digits: bool | None = None) -> list[dict]:
    """The first `limit` rows of the TICO-19 dev set (optionally only those with, or without, a digit)."""
    rows = []
    with open(TICO_PATH, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if with_digits is not None and any(ch.isdigit() for ch in row["en"]) != with_digits:
                continue
            rows.append(row)
            if len(rows) >= limit:
                break
    return rows
