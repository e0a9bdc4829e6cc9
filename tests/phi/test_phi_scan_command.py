"""`manage.py phi_scan`: output format, order and refusal of unusable input."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PROJECT = Path(__file__).resolve().parents[2]


def write(tmp_path, content: bytes) -> Path:
    path = tmp_path / "input.tsv"
    path.write_bytes(content)
    return path


def scan(path) -> list[dict]:
    out = StringIO()
    call_command("phi_scan", "--input", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def run(path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "phi_scan", "--input", str(path)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_prints_one_json_object_per_row_in_input_order(tmp_path):
    path = write(
        tmp_path,
        "id\ttext\n"
        "b-2\tPatient NRIC S1234567D, call 9123 4567\n"
        "a-1\tTake 500 mg twice a day; call 995.\n"
        "c-3\t出生日期：1985年3月12日\n".encode(),
    )
    assert scan(path) == [
        {
            "id": "b-2",
            "findings": [
                {"type": "nric", "start": 13, "end": 22, "text": "S1234567D"},
                {"type": "phone", "start": 29, "end": 38, "text": "9123 4567"},
            ],
        },
        {"id": "a-1", "findings": []},
        {"id": "c-3", "findings": [{"type": "dob", "start": 5, "end": 15, "text": "1985年3月12日"}]},
    ]


def test_it_writes_non_ascii_text_as_is_not_escaped(tmp_path):
    path = write(tmp_path, "id\ttext\n1\t出生日期：1985年3月12日\n".encode())
    out = StringIO()
    call_command("phi_scan", "--input", str(path), stdout=out)
    assert "1985年3月12日" in out.getvalue()


def test_it_reads_columns_by_name_ignores_others_and_keeps_quotes_as_text(tmp_path):
    path = write(tmp_path, b'lang\ttext\tid\nen\tHe said "call 9123 4567\tq1\nen\tthen" left\tq2\r\n')
    rows = scan(path)
    assert [row["id"] for row in rows] == ["q1", "q2"]
    assert rows[0]["findings"][0]["text"] == "9123 4567"


def test_an_empty_text_gives_empty_findings(tmp_path):
    assert scan(write(tmp_path, b"id\ttext\n1\t\n")) == [{"id": "1", "findings": []}]


def test_it_scans_a_one_megabyte_row(tmp_path):
    text = "Take 500 mg twice a day. " * 42_000 + "Mail tan@example.com"
    rows = scan(write(tmp_path, f"id\ttext\nbig\t{text}\n".encode()))
    assert rows == [
        {
            "id": "big",
            "findings": [{"type": "email", "start": len(text) - 15, "end": len(text), "text": "tan@example.com"}],
        }
    ]


def test_it_exits_2_before_any_output_when_the_header_lacks_the_text_column(tmp_path):
    result = run(write(tmp_path, b"id\tbody\n1\tS1234567D\n"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "line 1" in result.stderr and "'text'" in result.stderr


def test_it_names_the_line_with_invalid_utf8_and_prints_nothing(tmp_path):
    result = run(write(tmp_path, b"id\ttext\n1\tS1234567D\n2\tbad \xff byte\n3\tok\n"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "line 3" in result.stderr and "UTF-8" in result.stderr


def test_it_names_a_row_with_the_wrong_number_of_fields(tmp_path):
    path = write(tmp_path, b"id\ttext\n1\tfine\n2\n")
    with pytest.raises(CommandError, match="line 3") as caught:
        scan(path)
    assert caught.value.returncode == 2


def test_it_refuses_an_empty_file(tmp_path):
    with pytest.raises(CommandError, match="empty") as caught:
        scan(write(tmp_path, b""))
    assert caught.value.returncode == 2


def test_it_exits_0_after_scanning_every_row(tmp_path):
    result = run(write(tmp_path, "\ufeffid\ttext\n1\tS1234567D\n\n2\tnothing here\n".encode()))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["1", "2"]
