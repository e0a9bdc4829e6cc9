"""A full or read-only disk under uploads, exports, SQLite and print PDFs: a clear error, nothing lost.

The disks are real: a small tmpfs filled until writes fail with ENOSPC, or
remounted read-only (EROFS), unmounted at the end. CI runs as root, where chmod
proves nothing; where mounting is not permitted the tests skip and say so.

Where the product writes files:
* uploads over FILE_UPLOAD_MAX_MEMORY_SIZE, spooled into FILE_UPLOAD_TEMP_DIR
  while the request is read (workbench/uploads.py): the source page, the API's
  Word and TMX uploads, and every other page that takes a file;
* the export commands (leaflet_export, memory_export): their output file;
* SQLite: its database and write-ahead log;
* print PDFs (WeasyPrint, fontconfig): nothing, as the last test shows.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import execute_from_command_line
from django.db import connection
from django.test import Client
from django.utils import translation

from bench.qa_corpus import DEFAULT_TICO, load_tico
from review.models import AuditEvent
from tests.exchange.docx_files import to_bytes, word
from translations.exchange.tmx import TmxEntry, write_tmx
from translations.models import MemoryEntry, VendorExport
from workbench.api_tokens import api_token_create
from workbench.models import Leaflet, Source
from workbench.uploads import storage_error_message

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(not DEFAULT_TICO.exists(), reason=f"TICO-19 data not found at {DEFAULT_TICO}"),
]

ROOT = Path(__file__).resolve().parents[2]
FILLER = "filler"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    # A request in another language activates it in this thread for good (LocaleMiddleware): the tests
    # after these must not read their messages in Tamil.
    yield
    translation.deactivate()


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), capture_output=True, text=True, timeout=30)


@dataclass
class SmallDisk:
    """A tmpfs of its own, to fill or to make read-only."""

    path: Path
    read_only: bool = False

    def fill(self) -> None:
        """Write a file until the disk refuses with ENOSPC: every later write of data fails the same way."""
        chunk = b"\0" * 4096
        with open(self.path / FILLER, "ab", buffering=0) as out:
            while True:
                try:
                    out.write(chunk)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
                    return

    def make_read_only(self) -> None:
        done = _run("mount", "-o", "remount,ro", str(self.path))
        assert done.returncode == 0, done.stderr
        self.read_only = True

    def break_it(self, how: str) -> None:
        self.fill() if how == "full" else self.make_read_only()

    def repair(self) -> None:
        if self.read_only:
            assert _run("mount", "-o", "remount,rw", str(self.path)).returncode == 0
            self.read_only = False
        (self.path / FILLER).unlink(missing_ok=True)

    def files(self) -> set[str]:
        return {name for name in os.listdir(self.path) if name != FILLER}


def _mount(path: Path, size: str) -> SmallDisk:
    path.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(path))
    if done.returncode != 0:
        pytest.skip(
            "NEEDS MOUNT (root or CAP_SYS_ADMIN) for a real full or read-only disk; chmod proves nothing as root: "
            + done.stderr.strip()
        )
    return SmallDisk(path)


def _unmount(disk: SmallDisk) -> None:
    if _run("umount", str(disk.path)).returncode != 0:
        _run("umount", "-l", str(disk.path))


@pytest.fixture
def small_disk(tmp_path):
    disk = _mount(tmp_path / "disk", "64k")
    try:
        yield disk
    finally:
        _unmount(disk)


@pytest.fixture(params=["full", "read-only"])
def failure(request) -> str:
    return request.param


@pytest.fixture
def upload_folder(small_disk, settings) -> SmallDisk:
    """The folder Django spools uploads to; anything over 1 KiB goes there."""
    settings.FILE_UPLOAD_TEMP_DIR = str(small_disk.path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    return small_disk


def english_text(size: int) -> str:
    """Real TICO-19 English sentences, one per line, at least `size` bytes."""
    lines, total = [], 0
    for row in load_tico():
        lines.append(row["en"])
        total += len(row["en"].encode()) + 1
        if total >= size:
            return "\n".join(lines) + "\n"
    raise AssertionError("the TICO-19 file is shorter than expected")


def reason_for(how: str) -> OSError:
    return OSError(errno.ENOSPC if how == "full" else errno.EROFS, "")


# --- Uploads ----------------------------------------------------------------------------------------------
def test_a_source_upload_the_upload_folder_cannot_take_is_refused_with_the_form_kept(
    upload_folder, failure, personas, as_user
):
    client = as_user(personas.author)
    # Under the write buffer: a full disk shows itself only when the spooled file is flushed.
    data = english_text(2500).encode()
    form = {"title": "Cough advice", "publisher": "Ministry of Health Singapore", "language": "en"}
    upload_folder.break_it(failure)

    refused = client.post("/sources/new/", {**form, "file": SimpleUploadedFile("cough.txt", data, "text/plain")})

    assert refused.status_code == 507
    page = refused.content.decode()
    assert storage_error_message(reason_for(failure)) in page.replace("&#x27;", "'")
    assert 'value="Ministry of Health Singapore"' in page and 'value="Cough advice"' in page  # the form kept
    assert Source.objects.count() == 0 and upload_folder.files() == set()  # no row, no temporary file left

    upload_folder.repair()
    again = client.post("/sources/new/", {**form, "file": SimpleUploadedFile("cough.txt", data, "text/plain")})
    assert again.status_code == 302 and Source.objects.get().title == "Cough advice"


def test_a_word_upload_to_the_api_the_upload_folder_cannot_take_answers_507_and_imports_nothing(
    upload_folder, failure, personas, api_as_author
):
    rows = load_tico()[:40]
    document = to_bytes(word(*[("Normal", row["en"]) for row in rows], title="Cough advice"))
    assert len(document) > 4096  # over the write buffer: refused while it is written
    upload_folder.break_it(failure)

    refused = api_as_author.post(
        "/api/leaflets/docx/", {"file": SimpleUploadedFile("cough.docx", document)}, format="multipart"
    )

    assert refused.status_code == 507, refused.content[:300]
    assert refused.json() == {"detail": storage_error_message(reason_for(failure)), "code": "upload_not_stored"}
    assert Leaflet.objects.count() == 0 and upload_folder.files() == set()


def test_a_tmx_upload_to_the_api_the_upload_folder_cannot_take_answers_507_and_loads_nothing(
    upload_folder, personas, api_as_author
):
    rows = load_tico()[:30]
    tmx = write_tmx([TmxEntry(row["en"], row["ms"]) for row in rows], source_language="en", target_language="ms")
    upload_folder.fill()

    refused = api_as_author.post("/api/memory/tmx/", {"file": SimpleUploadedFile("ms.tmx", tmx)}, format="multipart")

    assert refused.status_code == 507 and refused.json()["code"] == "upload_not_stored"
    assert MemoryEntry.objects.count() == 0 and upload_folder.files() == set()


def test_any_other_page_that_takes_a_file_answers_the_507_page_and_runs_nothing(upload_folder, personas, as_user):
    rows = load_tico()[:30]
    tmx = write_tmx([TmxEntry(row["en"], row["ta"]) for row in rows], source_language="en", target_language="ta")
    upload_folder.fill()

    refused = as_user(personas.author).post(
        "/memory/import/", {"file": SimpleUploadedFile("ta.tmx", tmx)}, HTTP_ACCEPT_LANGUAGE="ta"
    )

    assert refused.status_code == 507
    with translation.override("ta"):
        expected = storage_error_message(reason_for("full"))
    assert expected.replace("'", "&#x27;") in refused.content.decode()
    assert MemoryEntry.objects.count() == 0 and upload_folder.files() == set()


@pytest.fixture
def api_as_author(personas):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=personas.author, name='disk', days=1).key}")
    return client


# --- Export commands ---------------------------------------------------------------------------------------
@pytest.fixture
def keep_the_test_connection(monkeypatch):
    # run_from_argv closes every connection when a command ends; the test's transaction must outlive it.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def run(*argv: str) -> int:
    try:
        execute_from_command_line(["manage.py", *argv])
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


EXPORTS = {
    "leaflet_export": lambda leaflet, out: [
        "leaflet_export",
        *("--leaflet", str(leaflet.pk), "--language", "ms", "--format", "xliff12", "--output", str(out)),
    ],
    "memory_export": lambda leaflet, out: [
        "memory_export",
        *("--source-lang", "en", "--target-lang", "ms", "--output", str(out)),
    ],
}


@pytest.mark.parametrize("command", EXPORTS)
def test_an_export_to_a_full_or_read_only_folder_keeps_the_old_file_records_nothing_and_exits_1(
    command, failure, small_disk, approved_leaflet, keep_the_test_connection, capsys
):
    out = small_disk.path / "ms.export"
    out.write_bytes(b"yesterday's good export\n")
    events_before = AuditEvent.objects.count()
    small_disk.break_it(failure)

    status = run(*EXPORTS[command](approved_leaflet, out))

    assert AuditEvent.objects.count() == events_before and VendorExport.objects.count() == 0  # not recorded
    assert out.read_bytes() == b"yesterday's good export\n"  # never half of the new one
    assert small_disk.files() == {"ms.export"}  # no temporary .part file left behind
    stderr = capsys.readouterr().err.strip()
    reason = os.strerror(errno.ENOSPC if failure == "full" else errno.EROFS)
    assert status == 1 and len(stderr.splitlines()) == 1, stderr
    assert f"Cannot write {out}: {reason}" in stderr and "the export was not recorded" in stderr

    small_disk.repair()
    assert run(*EXPORTS[command](approved_leaflet, out)) == 0
    assert out.read_bytes() != b"yesterday's good export\n" and small_disk.files() == {"ms.export"}
    assert AuditEvent.objects.count() == events_before + 1


# --- SQLite ----------------------------------------------------------------------------------------------
def test_a_page_that_writes_while_the_sqlite_disk_is_full_answers_503_and_the_database_stays_whole(
    transactional_db, personas, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("SQLITE: a full disk under SQLite's own file; PostgreSQL's disk is its server's")
    client = Client(raise_request_exception=False)
    client.force_login(personas.author)  # the session is written before the disk fills
    with connection.cursor() as cursor:
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        size = cursor.fetchone()[0]
    disk = _mount(tmp_path / "sqlite", f"{size // 1024 + 2048}k")
    copy = disk.path / "workbench.sqlite3"
    original = connection.settings_dict["NAME"]
    form = {"title": "Fever at home", "publisher": "Ministry of Health Singapore", "language": "en"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        connection.close()
        connection.settings_dict["NAME"] = str(copy)
        assert Source.objects.count() == 0  # the copy is open, its write-ahead log created
        disk.fill()

        refused = client.post("/sources/new/", {**form, "text": english_text(3000)}, HTTP_ACCEPT_LANGUAGE="ms")

        assert refused.status_code == 503 and refused["Retry-After"].isdigit()
        with translation.override("ms"):
            assert translation.gettext("The workbench is briefly unavailable") in refused.content.decode()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchall() == [("ok",)]
        assert Source.objects.count() == 0

        disk.repair()
        assert client.post("/sources/new/", {**form, "text": english_text(3000)}).status_code == 302
        assert Source.objects.get().title == "Fever at home"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        _unmount(disk)


# --- Print PDFs --------------------------------------------------------------------------------------------
PRINT = """
import errno
try:
    open("/tmp/workbench-print-probe", "w")
except OSError as exc:
    assert exc.errno == errno.EROFS, exc
else:
    raise SystemExit("the filesystem is writable: this proves nothing")
import django
django.setup()
from workbench import pdf
data = pdf.leaflet_pdf(
    html_lang="ta", language_code="ta", title=TITLE, blocks=[{"kind": "paragraph", "text": TEXT}],
    red_flags_label="", statements=[], organisation={"name": "", "contact": "", "web": "", "logo_path": ""},
    page_url="https://hospital.example/p/1/ta/", footer_note="",
)
assert data.startswith(b"%PDF"), data[:20]
print("printed", len(data))
"""


def test_printing_a_pdf_needs_no_writable_disk_at_all():
    from workbench import pdf

    reason = pdf.pdf_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    row = load_tico()[0]
    code = f"TITLE = {row['ta']!r}\nTEXT = {row['ta'] + ' ' + row['zh']!r}\n" + PRINT
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings", "PYTHONPATH": str(ROOT)}
    # A private mount namespace whose whole filesystem is read-only: no cache, temporary file or
    # font cache can be written by WeasyPrint, Pango or fontconfig (the machine's stays writable).
    script = f'mount --make-rprivate / && mount -o remount,bind,ro / && exec {sys.executable} -B -c "$0"'
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0 and "printed" not in done.stdout and "Traceback" not in done.stderr:
        pytest.skip("NEEDS unshare and mount (root or CAP_SYS_ADMIN) for a read-only filesystem: " + done.stderr)
    assert done.returncode == 0 and "printed" in done.stdout, done.stderr[-2000:]
