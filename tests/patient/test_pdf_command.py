"""leaflet_export --format pdf: the print of published text only; anything else refused with a message."""

from __future__ import annotations

import json

import pytest

from review.services import leaflet_publish
from tests.exchange.test_commands import keep_the_test_connection, run  # noqa: F401 - the fixture is used by name
from tests.patient.test_print_pdf import needs_pdf
from workbench.models import PublicationPdf


def _args(leaflet, out, language="ta"):
    return [
        *("leaflet_export", "--leaflet", str(leaflet.pk), "--language", language),
        *("--format", "pdf", "--output", str(out)),
    ]


@needs_pdf
def test_it_writes_the_print_of_a_published_language(approved_leaflet, personas, tmp_path, capsys):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    out = tmp_path / "ta.pdf"

    assert run(*_args(approved_leaflet, out)) == 0

    assert out.read_bytes().startswith(b"%PDF-")
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["publication"] == publication.pk and printed["format"] == "pdf"
    assert printed["url"].endswith(f"/p/{approved_leaflet.pk}/ta/{publication.pk}/")
    # The same stored print the patient page serves.
    assert bytes(PublicationPdf.objects.get(publication=publication, language_id="ta").pdf) == out.read_bytes()


@pytest.mark.parametrize("publish", [False, True])
def test_it_refuses_a_language_that_is_not_published(personas, tmp_path, capsys, publish):
    from tests.conftest import approve_everything, make_leaflet, translate_all

    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    if publish:
        leaflet_publish(leaflet=leaflet, publisher=personas.publisher)
    out = tmp_path / "ms.pdf"

    assert run(*_args(leaflet, out, language="ms")) == 1

    assert not out.exists() and not PublicationPdf.objects.exists()
    assert "only published text is printed" in capsys.readouterr().err
