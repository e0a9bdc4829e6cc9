"""Scan a TSV of texts for personal identifiers, one JSON line per row.

The whole file is read, decoded and split before anything is printed, so an
unusable line 900 stops the command with exit status 2 and no partial output
that a pipeline might take for a complete scan.

The file is split on newlines and tabs only, with no quoting rules: leaflet
text is full of quotation marks, and the csv module would join lines inside an
unbalanced quote. Rows may be of any length (a pasted 1 MB document is fine).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.phi import detect

REQUIRED_COLUMNS = ("id", "text")


class Command(BaseCommand):
    help = (
        "Report personal identifiers (NRIC, phone, e-mail, address, DOB, MRN) and people's names in a TSV "
        "with id and text columns."
    )

    # A scan needs neither the database nor the project's system checks.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--input", required=True, type=Path, help="tab-separated file with a header row naming id and text"
        )

    def handle(self, *args, **options):
        rows = _read_rows(options["input"])
        for row_id, text in rows:
            findings = [span.as_dict() for span in detect(text)]
            self.stdout.write(json.dumps({"id": row_id, "findings": findings}, ensure_ascii=False))


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _read_rows(path: Path) -> list[tuple[str, str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(f"{path}: cannot be read ({exc.strerror or exc})") from None

    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the newline that ends the last line
    if not lines:
        raise _fail(f"{path}: the file is empty; expected a header row with columns {', '.join(REQUIRED_COLUMNS)}")

    decoded: list[str] = []
    for number, raw in enumerate(lines, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            decoded.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise _fail(f"{path}: line {number} is not valid UTF-8 (byte {exc.start + 1} of the line)") from None
    decoded[0] = decoded[0].removeprefix("\ufeff")  # a BOM from spreadsheet exports

    header = decoded[0].split("\t")
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise _fail(
            f"{path}: line 1 (header) has no {' or '.join(repr(c) for c in missing)} column; "
            f"found {', '.join(repr(c) for c in header)}"
        )
    id_at, text_at = header.index("id"), header.index("text")

    rows: list[tuple[str, str]] = []
    for number, line in enumerate(decoded[1:], start=2):
        if line == "":
            continue  # blank lines carry no row, as in csv.DictReader
        fields = line.split("\t")
        if len(fields) != len(header):
            raise _fail(
                f"{path}: line {number} has {len(fields)} tab-separated fields, the header has {len(header)} "
                "(a tab inside the text, or a missing text column?)"
            )
        rows.append((fields[id_at], fields[text_at]))
    return rows
