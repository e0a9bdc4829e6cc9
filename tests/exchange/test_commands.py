"""The four commands: exit 0 done (printing what they created), 1 refused with nothing changed, 2 usage error."""

import json

import pytest
from django.core.management import execute_from_command_line

from tests.conftest import TICO, text_of
from tests.exchange.conftest import database_state, replace_target
from translations.exchange.tmx import TmxEntry, write_tmx
from translations.models import MemoryEntry, SegmentEdit, VendorExport


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


def _export_args(leaflet, out, **overrides):
    args = {
        "--leaflet": str(leaflet.pk),
        "--language": "ta",
        "--format": "xliff12",
        "--vendor": "lingua-sg",
        "--output": str(out),
        "--user": "author",
    }
    args.update(overrides)
    return [item for pair in args.items() for item in pair if item is not None]


def test_export_then_import_exit_zero_and_print_the_created_ids(translated_leaflet, personas, vendor, tmp_path, capsys):
    out = tmp_path / "ta.xlf"
    assert run("leaflet_export", *_export_args(translated_leaflet, out)) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["export"] == VendorExport.objects.get().pk and out.exists()

    out.write_bytes(replace_target(out.read_bytes(), TICO[0]["ta"], "இந்த அறிகுறிகள் எத்தனை நாட்களாக?"))
    assert (
        run(
            "leaflet_import",
            "--input",
            str(out),
            "--user",
            "author",
            "--leaflet",
            str(translated_leaflet.pk),
            "--language",
            "ta",
            "--vendor",
            "lingua-sg",
        )
        == 0
    )
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["applied_edits"] == list(SegmentEdit.objects.values_list("pk", flat=True))
    assert printed["new_hash"] == text_of(translated_leaflet, "ta").content_hash != printed["old_hash"]


def test_a_refused_export_exits_one_and_writes_nothing(translated_leaflet, personas, vendor, tmp_path):
    out = tmp_path / "ta.xlf"
    before = database_state()
    assert run("leaflet_export", *_export_args(translated_leaflet, out, **{"--vendor": "nobody"})) == 1
    assert run("leaflet_export", *_export_args(translated_leaflet, out, **{"--user": "ms_native"})) == 1
    assert run("leaflet_export", *_export_args(translated_leaflet, out, **{"--leaflet": "999999"})) == 1
    assert not out.exists() and database_state() == before


def test_export_usage_errors_exit_two(translated_leaflet, personas, vendor, tmp_path):
    out = tmp_path / "ta.xlf"
    assert run("leaflet_export", *_export_args(translated_leaflet, out, **{"--format": "odt"})) == 2
    assert run("leaflet_export", *_export_args(translated_leaflet, out, **{"--user": "nobody"})) == 2
    assert run("leaflet_export", "--leaflet", str(translated_leaflet.pk)) == 2
    assert run("leaflet_export", *_export_args(translated_leaflet, tmp_path / "missing" / "ta.xlf")) == 2


def test_the_export_command_works_as_the_issue_writes_it_without_vendor_or_user(
    translated_leaflet, personas, tmp_path, capsys
):
    from review.models import AuditEvent

    out = tmp_path / "ta.xlf"
    argv = ["--leaflet", str(translated_leaflet.pk), "--language", "ta", "--format", "xliff2", "--output", str(out)]

    assert run("leaflet_export", *argv) == 0

    record = VendorExport.objects.get()
    assert (record.vendor, record.created_by) == (None, None) and out.exists()
    event = AuditEvent.objects.get(verb="exchange.exported")
    assert event.actor is None and event.data["vendor"] is None and event.data["phi_policy"] == "block"
    # The file comes back like any other, imported by a person who becomes its editor.
    out.write_bytes(replace_target(out.read_bytes(), TICO[0]["ta"], "இந்த அறிகுறிகள் எத்தனை நாட்களாக?"))
    assert run("leaflet_import", "--input", str(out), "--user", "author") == 0


def test_without_a_vendor_an_identifier_blocks_the_export(translated_leaflet, personas, tmp_path):
    segment = text_of(translated_leaflet, "ta").segments.order_by("position").last()
    from translations.edits import target_segment_edit

    target_segment_edit(
        segment=segment, editor=personas.second_author, text=segment.text + " S1234567D", expected_seq=segment.edit_seq
    )
    out = tmp_path / "ta.xlf"
    argv = ["--leaflet", str(translated_leaflet.pk), "--language", "ta", "--format", "xliff12", "--output", str(out)]

    assert run("leaflet_export", *argv) == 1
    assert not out.exists() and not VendorExport.objects.exists()


def test_a_refused_import_exits_one_with_nothing_changed(translated_leaflet, personas, vendor, tmp_path):
    out = tmp_path / "ta.xlf"
    assert run("leaflet_export", *_export_args(translated_leaflet, out)) == 0
    before = database_state()
    assert run("leaflet_import", "--input", str(out), "--user", "author", "--language", "ms") == 1
    assert run("leaflet_import", "--input", str(out), "--user", "author", "--leaflet", "999999") == 1
    assert run("leaflet_import", "--input", str(out), "--user", "zh_native") == 1
    (tmp_path / "broken.xlf").write_bytes(b"<xliff")
    assert run("leaflet_import", "--input", str(tmp_path / "broken.xlf"), "--user", "author") == 1
    assert database_state() == before
    assert run("leaflet_import", "--input", str(tmp_path / "absent.xlf"), "--user", "author") == 2
    assert run("leaflet_import", "--input", str(out), "--user", "nobody") == 2
    assert run("leaflet_import", "--user", "author") == 2


def test_memory_commands(personas, tmp_path, capsys):
    source = tmp_path / "in.tmx"
    source.write_bytes(
        write_tmx([TmxEntry(r["en"], r["ms"]) for r in TICO], source_language="en", target_language="ms")
    )
    assert run("memory_import", "--input", str(source), "--user", "author") == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert sorted(printed["created"]) == sorted(MemoryEntry.objects.values_list("pk", flat=True))
    assert run("memory_import", "--input", str(source), "--user", "ms_native") == 1
    assert run("memory_import", "--input", str(tmp_path / "absent.tmx"), "--user", "author") == 2

    MemoryEntry.objects.update(reviewed=True)
    out = tmp_path / "out.tmx"
    assert (
        run("memory_export", "--source-lang", "en", "--target-lang", "ms", "--output", str(out), "--user", "ms_native")
        == 0
    )
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["entries"] == len(TICO)
    assert (
        run("memory_export", "--source-lang", "en", "--target-lang", "ta", "--output", str(out), "--user", "ms_native")
        == 1
    )
    assert run("memory_export", "--source-lang", "en", "--output", str(out), "--user", "author") == 2


@pytest.mark.parametrize("command", ["leaflet_export", "leaflet_import", "memory_export", "memory_import"])
def test_every_command_explains_itself(command, capsys, db):
    assert run(command, "--help") == 0
    assert "--user" in capsys.readouterr().out
