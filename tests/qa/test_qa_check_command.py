import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, text, name="rows.tsv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def qa_check(*args):
    out, err = StringIO(), StringIO()
    call_command("qa_check", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


ROWS = (
    "id\tsource\ttarget\tnote\n"
    "r1\tTake 2 tablets every 6 hours.\tAmbil 2 biji setiap 6 jam.\tignored\n"
    "r2\tIf you have chest pain, call 995.\tJika anda sakit dada, hubungi doktor.\tignored\n"
    "r3\tWash your hands.\t\tignored\n"
)


def test_it_prints_one_json_line_per_row_in_input_order(tmp_path):
    records, _ = qa_check("--source-lang", "en", "--target-lang", "ms", "--input", str(write(tmp_path, ROWS)))
    assert [r["id"] for r in records] == ["r1", "r2", "r3"]
    assert records[0] == {"id": "r1", "findings": []}
    assert {
        "check": "numbers",
        "severity": "error",
        "message": "The source has 995 (emergency number) but the target does not.",
    } in records[1]["findings"]
    assert records[2]["findings"][0]["check"] == "empty"


def test_it_keeps_non_ascii_text_readable_in_the_output(tmp_path):
    path = write(tmp_path, "id\tsource\ttarget\n1\tabout how long?\t這些症狀已持續多長時間？\n")
    out = StringIO()
    call_command("qa_check", "--target-lang", "zh", "--input", str(path), stdout=out, stderr=StringIO())
    assert "這→这" in out.getvalue()


def test_it_says_once_on_stderr_that_back_translation_was_skipped(tmp_path):
    _, err = qa_check("--target-lang", "ms", "--input", str(write(tmp_path, ROWS)))
    assert err.count("back_translation") == 2 and "skipped" in err  # the column and the check, in one message


def test_it_scores_the_back_translation_column_when_present(tmp_path):
    text = (
        "id\tsource\ttarget\tback_translation\n"
        "1\tWash your hands with soap.\tBasuh tangan anda dengan sabun.\tThe weather is sunny in the north today.\n"
    )
    records, err = qa_check("--target-lang", "ms", "--input", str(write(tmp_path, text)))
    assert records[0]["findings"][0]["check"] == "back_translation"
    assert "back_translation check is skipped" not in err


def test_it_uses_a_tico_style_glossary(tmp_path):
    glossary = write(
        tmp_path, "id,sourceLang,targetLang,sourceString,targetString\n1,en,ms,contagious,berjangkit\n", "g.csv"
    )
    rows = write(tmp_path, "id\tsource\ttarget\n1\tThe disease is contagious.\tPenyakit ini menular.\n")
    records, _ = qa_check("--target-lang", "ms", "--input", str(rows), "--glossary", str(glossary))
    assert records[0]["findings"][0]["check"] == "glossary"


@pytest.mark.parametrize(
    "content, expected",
    [
        ("id\tsource\n1\tHello\n", "line 1: missing column target"),
        ("id\tsource\ttarget\n1\tHello\tHalo\n2\tonly two\n", "line 3: expected 3 tab-separated fields"),
        (b"id\tsource\ttarget\n1\tHello\tHalo\n2\t\xff\xfe\tx\n", "line 3: not valid UTF-8"),
        ("", "line 1: no header row"),
    ],
)
def test_it_exits_2_naming_the_line_on_unusable_input(tmp_path, content, expected):
    with pytest.raises(CommandError) as raised:
        qa_check("--target-lang", "ms", "--input", str(write(tmp_path, content)))
    assert raised.value.returncode == 2 and expected in str(raised.value)


def test_it_prints_nothing_before_the_whole_file_is_validated(tmp_path):
    out = StringIO()
    path = write(tmp_path, "id\tsource\ttarget\n1\tHello\tHalo\n2\tbroken\n")
    with pytest.raises(CommandError):
        call_command("qa_check", "--target-lang", "ms", "--input", str(path), stdout=out, stderr=StringIO())
    assert out.getvalue() == ""


def test_it_rejects_a_glossary_without_term_columns(tmp_path):
    glossary = write(tmp_path, "a,b\n1,2\n", "g.csv")
    with pytest.raises(CommandError) as raised:
        qa_check("--target-lang", "ms", "--input", str(write(tmp_path, ROWS)), "--glossary", str(glossary))
    assert raised.value.returncode == 2


def _manage(*args, cwd=ROOT):
    env = dict(os.environ, DJANGO_DEBUG="1", DATABASE_URL="postgres://nobody:nothing@127.0.0.1:9/none")
    return subprocess.run(
        [sys.executable, "manage.py", "qa_check", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_real_command_runs_without_a_database(tmp_path):
    # DATABASE_URL points at a closed port: any connection attempt would fail.
    result = _manage("--source-lang", "en", "--target-lang", "ms", "--input", str(write(tmp_path, ROWS)))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["r1", "r2", "r3"]


def test_the_real_command_exits_with_status_2_on_a_bad_file(tmp_path):
    result = _manage("--target-lang", "ms", "--input", str(write(tmp_path, "id\tsource\n1\tx\n")))
    assert result.returncode == 2 and "line 1" in result.stderr and result.stdout == ""
