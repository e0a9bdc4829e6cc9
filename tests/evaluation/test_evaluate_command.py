"""manage.py evaluate_providers: the bake-off run in the command's own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from review.models import AuditEvent
from tests.evaluation.conftest import make_provider, tico_rows, write_tsv
from tests.support.fake_llm import FakeLLMServer, Step
from translations.models import EvaluationResult, EvaluationRun, MemoryEntry

PROJECT_ROOT = Path(__file__).resolve().parents[2]
JSON_KEYS = ["language", "reference", "segments", "chrf_signature", "bleu_signature", "providers"]
PROVIDER_KEYS = [
    "name",
    "model",
    "reported_model",
    "prompt_version",
    "chrf",
    "bleu",
    "qa_error_rate",
    "qa_warning_rate",
    "phi_blocks",
    "tokens_in",
    "tokens_out",
    "cost",
    "latency_p50_s",
    "latency_p95_s",
    "failures",
]


def evaluate(*args: str) -> tuple[str, int]:
    """The command's output and exit status."""
    out = StringIO()
    try:
        call_command("evaluate_providers", *args, stdout=out)
    except SystemExit as exit_:
        return out.getvalue(), int(exit_.code or 0)
    return out.getvalue(), 0


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def by_name(summary: dict) -> dict[str, dict]:
    return {row["name"]: row for row in summary["providers"]}


def test_it_ranks_the_good_provider_above_the_one_that_drops_words(good, dropper, numbers, tico_path):
    output, status = evaluate(
        "--language", "ms", "--reference", str(tico_path), "--limit", "120", "--json", "--providers", "dropper,good"
    )

    assert status == 0, output
    summary = last_json(output)
    rows = by_name(summary)
    assert [row["name"] for row in summary["providers"]] == ["good", "dropper"]  # best first
    assert rows["good"]["chrf"] > rows["dropper"]["chrf"] + 20
    assert rows["good"]["bleu"] > rows["dropper"]["bleu"] + 20
    assert rows["good"]["qa_error_rate"] < rows["dropper"]["qa_error_rate"]
    assert summary["segments"] == 120 and summary["chrf_signature"].startswith("nrefs:1|")
    assert "tok:13a" in summary["bleu_signature"]
    # The table a person reads says the same, best first.
    table = output.splitlines()
    assert table.index(next(line for line in table if " good " in line)) < table.index(
        next(line for line in table if " dropper " in line)
    )
    run = EvaluationRun.objects.get()
    assert run.state == EvaluationRun.State.SUCCEEDED and run.segments == 120
    stored = {r.provider_name: r for r in EvaluationResult.objects.filter(run=run)}
    assert stored["good"].chrf == rows["good"]["chrf"] and stored["good"].reported_model == "good-model"
    assert stored["good"].segments == 120 and stored["good"].error == ""


def test_the_provider_that_mistranslates_numbers_has_the_higher_qa_error_rate(good, numbers, tico_path, tmp_path):
    with_numbers = write_tsv(
        tmp_path / "numbers.tsv",
        [{"id": r["id"], "source": r["en"], "reference": r["ms"]} for r in tico_rows(40, with_digits=True)],
    )
    output, status = evaluate("--language", "ms", "--reference", str(with_numbers), "--json")

    assert status == 0, output
    rows = by_name(last_json(output))
    assert rows["numbers"]["qa_error_rate"] > rows["good"]["qa_error_rate"] + 0.2
    assert rows["numbers"]["chrf"] < rows["good"]["chrf"]


def test_the_json_line_has_exactly_the_keys_in_order(good, dropper, tico_path):
    output, _ = evaluate("--language", "zh", "--reference", str(tico_path), "--limit", "10", "--json")

    summary = last_json(output)
    assert list(summary) == JSON_KEYS
    assert summary["language"] == "zh" and summary["reference"] == str(tico_path)
    for row in summary["providers"]:
        assert list(row) == PROVIDER_KEYS
        assert row["prompt_version"] == "translate-v3"
        assert row["tokens_in"] > 0 and row["tokens_out"] > 0 and row["cost"] > 0
        assert 0 < row["latency_p50_s"] <= row["latency_p95_s"]
    assert "tok:zh" in summary["bleu_signature"]  # Chinese BLEU counts characters


def test_it_exits_1_when_a_provider_is_down_and_counts_its_failures(good, tmp_path, tico_path):
    with FakeLLMServer() as down:
        down.set_default(Step.status(500))
        make_provider(down, "down", "any-model")

        output, status = evaluate("--language", "ms", "--reference", str(tico_path), "--limit", "5", "--json")
        calls = len(down.requests)

    assert status == 1
    rows = by_name(last_json(output))
    assert rows["down"]["failures"] == calls == 3  # MODEL_MAX_ATTEMPTS in these tests, then it stopped
    assert rows["down"]["chrf"] is None and rows["down"]["reported_model"] == ""
    assert rows["good"]["chrf"] == 100.0  # the other provider was evaluated all the same
    assert "NOT EVALUATED" in output and "HTTP 500" in output
    result = EvaluationResult.objects.get(provider__name="down")
    assert "HTTP 500" in result.error


def test_a_provider_asking_to_wait_an_hour_is_not_waited_for(good, tmp_path, tico_path, settings):
    settings.MODEL_BACKOFF_MAX_S = 60
    with FakeLLMServer() as limited:
        limited.set_default(Step.status(429, retry_after=3600))
        make_provider(limited, "limited", "any-model")

        output, status = evaluate("--language", "ms", "--reference", str(tico_path), "--limit", "5", "--json")
        calls = len(limited.requests)

    assert status == 1 and calls == 1  # one answer, no hour-long sleep, no second call
    assert by_name(last_json(output))["limited"]["chrf"] is None
    assert "HTTP 429" in EvaluationResult.objects.get(provider__name="limited").error


def test_an_identifier_in_the_reference_is_never_sent(good, quality_server, tmp_path):
    reference = write_tsv(
        tmp_path / "phi.tsv",
        [
            {"id": "1", "source": "i will send you an image", "reference": "saya akan hantarkan imej kepada anda"},
            {"id": "2", "source": "Call Mdm Tan at 9123 4567 tonight.", "reference": "Hubungi Puan Tan malam ini."},
        ],
    )

    output, status = evaluate("--language", "ms", "--reference", str(reference), "--json")

    assert status == 0, output
    row = by_name(last_json(output))["good"]
    assert row["phi_blocks"] == 1
    assert row["chrf"] == 100.0  # scored on what could be sent
    sent = quality_server.text_received()
    assert "i will send you an image" in sent
    assert "9123" not in sent and "4567" not in sent and "Mdm Tan" not in sent


def test_a_reference_of_identifiers_only_sends_nothing_and_exits_1(good, quality_server, tmp_path):
    reference = write_tsv(
        tmp_path / "phi.tsv", [{"id": "1", "source": "My NRIC is S1234567D.", "reference": "NRIC saya S1234567D."}]
    )

    output, status = evaluate("--language", "ms", "--reference", str(reference), "--json")

    assert status == 1
    assert quality_server.requests == []
    assert by_name(last_json(output))["good"]["phi_blocks"] == 1
    assert "PHI guard withheld every segment" in EvaluationResult.objects.get().error


def test_it_evaluates_against_the_approved_memory_of_the_pair(good, dropper):
    from workbench.models import segment_hash

    for english, malay in [
        ("about how long have these symptoms been going on?", "agak-agak sudah berapa lamakah simptom ini berterusan?"),
        ("i will send you an image", "saya akan hantarkan imej kepada anda"),
    ]:
        MemoryEntry.objects.create(
            source_language="en",
            target_language="ms",
            source_hash=segment_hash("paragraph", english),
            source_text=english,
            target_text=malay,
        )
    MemoryEntry.objects.create(
        source_language="en",
        target_language="ms",
        source_hash="x" * 64,
        source_text="unreviewed",
        target_text="tidak disemak",
        reviewed=False,
    )

    output, status = evaluate("--language", "ms", "--reference", "memory", "--json")

    assert status == 0, output
    summary = last_json(output)
    assert summary["reference"] == "memory" and summary["segments"] == 2
    assert by_name(summary)["good"]["chrf"] == 100.0


def test_it_records_who_ran_it_and_audits_the_figures(good, personas, tico_path):
    evaluate("--language", "ta", "--reference", str(tico_path), "--limit", "3", "--user", "publisher")

    run = EvaluationRun.objects.get()
    assert run.created_by == personas.publisher and run.language == "ta"
    event = AuditEvent.objects.get(verb="evaluation.ran")
    assert event.actor == personas.publisher and event.object_id == str(run.pk)
    assert event.data["providers"][0]["name"] == "good" and event.data["providers"][0]["chrf"] == 100.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--language", "xx", "--reference", "memory"], "xx is not a content language"),
        (["--language", "ms", "--source-lang", "ms", "--reference", "memory"], "both ms"),
        (["--language", "ms", "--reference", "/nonexistent/ref.tsv"], "cannot be read"),
        (["--language", "ms", "--reference", "memory"], "no approved translation memory"),
        (["--language", "ms", "--reference", "memory", "--providers", "nobody"], "No provider named nobody"),
        (["--language", "ms", "--reference", "memory", "--limit", "0"], "--limit must be 1 or more"),
        (["--language", "ms", "--reference", "memory", "--user", "ghost"], "no user 'ghost'"),
    ],
)
def test_it_refuses_input_it_cannot_use(good, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_providers", *args, stdout=StringIO())
    assert not EvaluationRun.objects.exists()


def test_it_refuses_a_file_without_usable_columns_or_with_an_empty_reference(good, tmp_path):
    odd = write_tsv(tmp_path / "odd.tsv", [{"en": "a", "fr": "b"}], columns=("en", "fr"))
    with pytest.raises(CommandError, match="has the columns en, fr"):
        call_command("evaluate_providers", "--language", "ms", "--reference", str(odd), stdout=StringIO())
    empty = write_tsv(tmp_path / "empty.tsv", [{"id": "7", "source": "Drink water.", "reference": ""}])
    with pytest.raises(CommandError, match="line 2 of .* has an empty reference"):
        call_command("evaluate_providers", "--language", "ms", "--reference", str(empty), stdout=StringIO())


def test_bad_input_ends_in_one_line_without_a_traceback():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "evaluate_providers", "--language", "klingon", "--reference", "x.tsv"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1
    assert "klingon is not a content language" in done.stderr
    assert "Traceback" not in done.stderr
