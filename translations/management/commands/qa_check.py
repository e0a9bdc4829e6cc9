"""Run the translation QA checks over a TSV file, offline.

    python manage.py qa_check --source-lang en --target-lang ms --input rows.tsv [--glossary terms.csv]

The file is UTF-8, tab-separated, with a header row naming at least the
columns id, source and target (back_translation is used when present; other
columns are ignored). Fields are not quoted: a tab or a newline cannot occur
inside a field. Empty lines are skipped.

Prints one JSON object per row, in input order:
    {"id": "...", "findings": [{"check": "numbers", "severity": "error", "message": "..."}]}

Exit status 0 when every row was checked; 2 on unusable input, with a message
naming the line. The whole file is validated before anything is printed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.qa import check_segment
from translations.qa.terms import read_glossary_csv

LANGUAGES = ("en", "zh", "ms", "ta")
REQUIRED_COLUMNS = ("id", "source", "target")
BACK_TRANSLATION = "back_translation"


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def read_rows(path: Path) -> tuple[list[dict[str, str]], bool]:
    """The rows of a QA input file, validated whole; and whether it has back-translations."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
        raise _fail(
            f"{path}: line {bad_line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        raise _fail(f"{path}: line 1: no header row (expected columns {', '.join(REQUIRED_COLUMNS)})")
    header = [name.strip() for name in lines[0].lstrip("\ufeff").rstrip("\r").split("\t")]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise _fail(
            f"{path}: line 1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(the header has: {', '.join(header)})"
        )
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        raise _fail(f"{path}: line 1: column {', '.join(duplicated)} appears more than once")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        line = line[:-1] if line.endswith("\r") else line
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            raise _fail(
                f"{path}: line {number}: expected {len(header)} tab-separated fields "
                f"({', '.join(header)}), found {len(fields)}"
            )
        rows.append(dict(zip(header, fields, strict=True)))
    return rows, BACK_TRANSLATION in header


class Command(BaseCommand):
    help = "Run the translation QA checks over a TSV of id/source/target rows and print JSON lines."
    # Offline and database-free: no system checks, no migrations.
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--source-lang", choices=LANGUAGES, default="en")
        parser.add_argument("--target-lang", choices=LANGUAGES, required=True)
        parser.add_argument("--input", required=True, type=Path, help="tab-separated file with id, source, target")
        parser.add_argument("--format", choices=("jsonl",), default="jsonl")
        parser.add_argument(
            "--glossary",
            type=Path,
            help="CSV with sourceString/targetString columns (TICO-19 term lists) "
            "or source_term/target_term[/forbidden]",
        )

    def handle(self, *args, **options):
        rows, has_back_translation = read_rows(options["input"])
        glossary = self._glossary(options.get("glossary"))
        if not has_back_translation:
            self.stderr.write(
                "qa_check: no back_translation column, so the back_translation check is skipped "
                "(it needs a back-translation made by a model)."
            )
        if not glossary:
            self.stderr.write("qa_check: no --glossary given, so the glossary check is skipped.")
        for row in rows:
            back_translation = row.get(BACK_TRANSLATION) if has_back_translation else None
            findings = check_segment(
                source=row["source"],
                target=row["target"],
                source_lang=options["source_lang"],
                target_lang=options["target_lang"],
                back_translation=back_translation or None,
                glossary=glossary,
            )
            record = {"id": row["id"], "findings": [finding.as_dict() for finding in findings]}
            self.stdout.write(json.dumps(record, ensure_ascii=False))

    def _glossary(self, path: Path | None):
        if path is None:
            return []
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot read glossary {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise _fail(f"glossary {path}: not valid UTF-8") from None
        try:
            return read_glossary_csv(text)
        except (ValueError, csv.Error) as exc:
            raise _fail(f"glossary {path}: {exc}") from None
