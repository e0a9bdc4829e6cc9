"""manage.py sources_search: the best passages first, as text or one JSON object per line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args) -> str:
    out = StringIO()
    call_command("sources_search", *args, stdout=out)
    return out.getvalue()


def test_it_prints_one_json_object_per_line_best_first(add_source):
    dengue = add_source("Dengue is spread by mosquitoes.\n\nTake paracetamol for dengue fever, never aspirin.")
    add_source("Fever in children: give fluids.", title="Fever")

    lines = [json.loads(line) for line in _run("aspirin dengue fever", "--json", "--limit", "2").splitlines()]

    assert len(lines) == 2
    assert set(lines[0]) == {"passage_id", "source_id", "title", "score", "text"}
    assert lines[0]["passage_id"] == dengue.passages.get(position=2).pk and lines[0]["source_id"] == dengue.pk
    assert lines[0]["score"] >= lines[1]["score"]


def test_it_keeps_to_a_language_and_prints_passage_ids(add_source):
    add_source("Dengue is spread by mosquitoes.")
    malay = add_source("Demam denggi disebarkan oleh nyamuk.", language="ms", title="Denggi")

    output = _run("denggi dengue", "--language", "ms")

    assert output.startswith(f"P{malay.passages.get().pk}\t") and "Dengue is spread" not in output


@pytest.mark.parametrize("args", [["x", "--language", "fr"], ["x", "--limit", "0"], ["x", "--limit", "500"]])
def test_it_refuses_bad_options(db, args):
    with pytest.raises(CommandError):
        _run(*args)
