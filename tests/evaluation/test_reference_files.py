"""Reading a reference: a TSV of its own columns, the TICO-19 layout, the approved memory, a queued run's file."""

from __future__ import annotations

import pytest

from tests.evaluation.conftest import write_tsv
from translations.evaluation import BadReference, memory_pairs, read_reference_file, reference_pairs, reference_path


def test_it_reads_a_file_of_its_own_columns_in_any_order(tmp_path):
    path = write_tsv(
        tmp_path / "own.tsv",
        [{"reference": "Minum air.", "id": "a", "source": "Drink water.", "note": "x"}],
        columns=("reference", "id", "source", "note"),
    )

    assert read_reference_file(path, source_language="en", language="ms") == [("a", "Drink water.", "Minum air.")]


def test_the_tico_layout_gives_the_columns_of_the_two_languages(tico_path):
    pairs = read_reference_file(tico_path, source_language="en", language="ta")
    backwards = read_reference_file(tico_path, source_language="zh", language="en")

    assert len(pairs) == 1971
    assert pairs[0] == (
        "CMU_1:1",
        "about how long have these symptoms been going on?",
        "இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?",
    )
    assert backwards[0] == ("CMU_1:1", "这些症状已持续多长时间？", "about how long have these symptoms been going on?")


def test_quoted_fields_are_read_as_csv_quoting(tmp_path):
    path = tmp_path / "quoted.tsv"
    path.write_text('id\tsource\treference\n1\t"Say ""stop"" now."\t"Katakan ""berhenti"" sekarang."\n', "utf-8")

    assert read_reference_file(path, source_language="en", language="ms") == [
        ("1", 'Say "stop" now.', 'Katakan "berhenti" sekarang.')
    ]


@pytest.mark.parametrize(
    ("rows", "columns", "message"),
    [
        ([{"en": "a", "fr": "b"}], ("en", "fr"), "has the columns en, fr"),
        ([{"id": "1", "source": "a", "reference": " "}], ("id", "source", "reference"), "has an empty reference"),
        ([{"id": "", "source": "a", "reference": "b"}], ("id", "source", "reference"), "has an empty id"),
        ([], ("id", "source", "reference"), "has no segments"),
        (
            [{"id": "1", "source": "a", "reference": "b"}, {"id": "1", "source": "c", "reference": "d"}],
            ("id", "source", "reference"),
            "has the id 1 twice",
        ),
    ],
)
def test_it_refuses_a_file_it_cannot_score_with(tmp_path, rows, columns, message):
    path = write_tsv(tmp_path / "bad.tsv", rows, columns=columns)

    with pytest.raises(BadReference, match=message):
        read_reference_file(path, source_language="en", language="ms")


def test_it_refuses_a_file_that_is_not_utf8_or_not_there(tmp_path):
    latin = tmp_path / "latin.tsv"
    latin.write_bytes("id\tsource\treference\n1\tcafé\tkafe\n".encode("latin-1"))

    with pytest.raises(BadReference, match="not a readable UTF-8 TSV"):
        read_reference_file(latin, source_language="en", language="ms")
    with pytest.raises(BadReference, match="cannot be read"):
        read_reference_file(tmp_path / "missing.tsv", source_language="en", language="ms")


def test_it_refuses_a_language_that_is_not_a_content_language(tico_path):
    with pytest.raises(BadReference, match="id_ID is not a content language"):
        read_reference_file(tico_path, source_language="en", language="id_ID")


def test_a_queued_run_may_name_only_a_file_inside_the_reference_folder(settings, tmp_path):
    folder = tmp_path / "references"
    folder.mkdir()
    write_tsv(folder / "ours.tsv", [{"id": "1", "source": "Drink water.", "reference": "Minum air."}])
    (tmp_path / "secret.tsv").write_text("id\tsource\treference\n1\ta\tb\n", "utf-8")
    (folder / "link.tsv").symlink_to(tmp_path / "secret.tsv")
    settings.EVALUATION_REFERENCE_DIR = folder

    assert reference_path("ours.tsv") == (folder / "ours.tsv").resolve()
    for name in ("../secret.tsv", str(tmp_path / "secret.tsv"), "link.tsv", "", "..", "sub/../../secret.tsv"):
        with pytest.raises(BadReference, match="must be a file name inside the reference folder"):
            reference_path(name)
    with pytest.raises(BadReference, match="There is no reference file nothing.tsv"):
        reference_path("nothing.tsv")


def test_the_limit_takes_the_first_segments(settings, tico_path):
    settings.EVALUATION_REFERENCE_DIR = tico_path.parent

    pairs = reference_pairs(reference=tico_path.name, source_language="en", language="ms", limit=3)

    assert [pair[0] for pair in pairs] == ["CMU_1:1", "CMU_1:100", "CMU_1:104"]


def test_the_memory_holds_only_reviewed_entries_of_the_pair(db):
    from translations.models import MemoryEntry

    MemoryEntry.objects.create(
        source_language="en", target_language="ms", source_hash="a", source_text="Rest.", target_text="Berehat."
    )
    MemoryEntry.objects.create(
        source_language="en", target_language="ta", source_hash="a", source_text="Rest.", target_text="ஓய்வு."
    )
    MemoryEntry.objects.create(
        source_language="en",
        target_language="ms",
        source_hash="b",
        source_text="Run.",
        target_text="Lari.",
        reviewed=False,
    )

    assert [pair[1:] for pair in memory_pairs(source_language="en", language="ms")] == [("Rest.", "Berehat.")]
    with pytest.raises(BadReference, match="no approved translation memory from en to zh"):
        memory_pairs(source_language="en", language="zh")
