"""leaflet_export --format docx, leaflet_import of a Word document: 0 done (one JSON line), 1 refused, 2 usage."""

import json

import pytest
from django.core.management import execute_from_command_line

from review.models import AuditEvent
from tests.conftest import text_of
from tests.exchange.docx_files import CHEST, COUGH, database_state, make_word_leaflet, needs_tico, tico, to_bytes, word
from translations.exchange import docx
from workbench.models import Leaflet

pytestmark = needs_tico


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    # run_from_argv closes every connection when a command ends; the test's
    # transaction (on PostgreSQL, its connection) must outlive the command.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def run(*argv) -> int:
    try:
        execute_from_command_line(["manage.py", *argv])
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


def printed(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def export(leaflet, out, language="ta", *extra) -> int:
    return run(
        "leaflet_export",
        "--leaflet",
        str(leaflet.pk),
        "--language",
        language,
        "--format",
        "docx",
        "--output",
        str(out),
        *extra,
    )


def test_export_writes_the_document_and_prints_one_json_line(personas, tmp_path, capsys):
    leaflet = make_word_leaflet(personas.author)
    out = tmp_path / "ta.docx"

    assert export(leaflet, out, "ta", "--user", "ta_native") == 0

    line = printed(capsys)
    event = AuditEvent.objects.get(verb="leaflet.docx_exported")
    assert line["event"] == event.pk and line["format"] == "docx" and line["language"] == "ta"
    assert line["content_hash"] == text_of(leaflet, "ta").content_hash and line["untranslated"] == 0
    doc = docx.read_docx(out.read_bytes(), limit=10 * 1024 * 1024)
    assert doc.blocks[2].text == tico(CHEST)["ta"] and event.actor == personas.reviewer("ta", "native")


def test_without_a_user_the_export_is_the_systems(personas, tmp_path, capsys):
    leaflet = make_word_leaflet(personas.author)

    assert export(leaflet, tmp_path / "en.docx", "en") == 0

    assert AuditEvent.objects.get(verb="leaflet.docx_exported").actor is None


def test_a_refused_export_exits_one_and_writes_nothing(personas, tmp_path):
    leaflet = make_word_leaflet(personas.author)
    out = tmp_path / "x.docx"
    assert export(leaflet, out, "ms", "--user", "ta_native") == 1
    assert export(leaflet, out, "xx", "--user", "author") == 1
    assert (
        run("leaflet_export", "--leaflet", "999999", "--language", "en", "--format", "docx", "--output", str(out)) == 1
    )
    assert not out.exists() and not AuditEvent.objects.filter(verb="leaflet.docx_exported").exists()


def test_export_usage_errors_exit_two(personas, tmp_path):
    leaflet = make_word_leaflet(personas.author)
    assert export(leaflet, tmp_path / "x.docx", "ta", "--vendor", "lingua-sg") == 2
    assert export(leaflet, tmp_path / "x.docx", "ta", "--user", "nobody") == 2
    assert export(leaflet, tmp_path / "missing" / "x.docx", "ta") == 2
    assert run("leaflet_export", "--leaflet", str(leaflet.pk), "--language", "ta", "--format", "doc") == 2


def test_import_makes_a_new_leaflet_and_prints_its_ids(personas, tmp_path, capsys):
    source = tmp_path / "chest.docx"
    source.write_bytes(to_bytes(word(("Normal", tico(CHEST)["ta"]), title="மார்பு வலி")))

    assert run("leaflet_import", "--input", str(source), "--user", "author") == 0

    line = printed(capsys)
    leaflet = Leaflet.objects.get()
    assert (line["leaflet"], line["revision_id"], line["created_leaflet"]) == (
        leaflet.pk,
        leaflet.current_revision_id,
        True,
    )
    assert line["language"] == "ta" and line["event"] == AuditEvent.objects.get(verb="leaflet.docx_imported").pk


def test_import_with_leaflet_makes_a_new_source_revision(personas, tmp_path, capsys):
    leaflet = make_word_leaflet(personas.author)
    out = tmp_path / "en.docx"
    assert export(leaflet, out, "en") == 0
    capsys.readouterr()

    # Unchanged: exit 0, nothing saved, and it says so.
    assert run("leaflet_import", "--input", str(out), "--user", "author", "--leaflet", str(leaflet.pk)) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out.strip())["unchanged"] is True and "nothing was saved" in captured.err

    changed = tmp_path / "changed.docx"
    changed.write_bytes(to_bytes(word(("Normal", CHEST), ("List Bullet", COUGH), title="Chest pain")))
    assert run("leaflet_import", "--input", str(changed), "--user", "author", "--leaflet", str(leaflet.pk)) == 0
    line = printed(capsys)
    leaflet.refresh_from_db()
    assert (line["revision"], line["revision_id"]) == (2, leaflet.current_revision_id)
    assert line["kept_by_text"] == 2 and line["removed_segments"] == 3


def test_a_refused_import_exits_one_with_nothing_changed(personas, tmp_path):
    leaflet = make_word_leaflet(personas.author)
    tamil = tmp_path / "ta.docx"
    assert export(leaflet, tamil, "ta") == 0
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    plain = tmp_path / "plain.docx"
    plain.write_bytes(to_bytes(word(("Normal", CHEST), title="Chest pain")))
    before = database_state()

    assert run("leaflet_import", "--input", str(tamil), "--user", "author", "--leaflet", str(leaflet.pk)) == 1
    assert run("leaflet_import", "--input", str(broken), "--user", "author") == 1
    assert run("leaflet_import", "--input", str(plain), "--user", "en_native") == 1
    assert run("leaflet_import", "--input", str(plain), "--user", "en_native", "--leaflet", str(leaflet.pk)) == 1
    assert run("leaflet_import", "--input", str(plain), "--user", "author", "--leaflet", "999999") == 1
    assert run("leaflet_import", "--input", str(tamil), "--user", "author", "--language", "en") == 1
    assert database_state() == before


def test_import_usage_errors_exit_two(personas, tmp_path):
    plain = tmp_path / "plain.docx"
    plain.write_bytes(to_bytes(word(("Normal", CHEST), title="Chest pain")))
    before = database_state()

    assert run("leaflet_import", "--input", str(plain), "--user", "author", "--vendor", "lingua-sg") == 2
    assert run("leaflet_import", "--input", str(plain), "--user", "nobody") == 2
    assert run("leaflet_import", "--input", str(tmp_path / "absent.docx"), "--user", "author") == 2
    assert run("leaflet_import", "--user", "author") == 2
    assert database_state() == before
