"""manage.py sources_add: one source per file, the new ids printed, nothing added on bad input."""

import pytest
from django.core.management import CommandError, call_command
from weasyprint import HTML

from workbench.models import Source


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("sources_add", *args, stdout=out)
    return out.getvalue()


def test_it_adds_one_source_per_file_titled_by_the_file_name_and_prints_the_ids(tmp_path, personas):
    first = tmp_path / "dengue.txt"
    first.write_text("Dengue is spread by mosquitoes.", encoding="utf-8")
    second = tmp_path / "heat.md"
    second.write_text("Drink water often in hot weather.", encoding="utf-8")

    output = _run(
        str(first),
        str(second),
        "--user",
        "author",
        "--publisher",
        "HPB",
        "--date",
        "2026-01-05",
        "--review-by",
        "2027-01-05",
    )

    sources = list(Source.objects.order_by("id"))
    assert [s.title for s in sources] == ["dengue.txt", "heat.md"]
    assert [line.split("\t")[0] for line in output.splitlines()] == [str(s.pk) for s in sources]
    assert all(s.state == "active" and s.publisher == "HPB" and str(s.review_by) == "2027-01-05" for s in sources)


def test_a_pdf_from_the_command_line_is_confirmed_by_the_user_in_the_same_step(tmp_path, personas):
    path = tmp_path / "hfmd.pdf"
    path.write_bytes(HTML(string="<p>Keep the child at home until the blisters dry.</p>").write_pdf())

    output = _run(str(path), "--user", "author", "--publisher", "MOH", "--title", "HFMD", "--language", "en")

    source = Source.objects.get()
    assert (source.title, source.state, source.confirmed_by) == ("HFMD", "active", personas.author)
    assert "confirmed by you" in output


@pytest.mark.parametrize(
    "extra",
    [
        ["--user", "nobody", "--publisher", "HPB"],
        ["--user", "outsider", "--publisher", "HPB"],
        ["--user", "author", "--publisher", "HPB", "--date", "5 Jan 2026"],
        ["--user", "author", "--publisher", "HPB", "--title", "One title for two files"],
        ["--user", "author", "--publisher", "HPB", "--language", "xx"],
    ],
)
def test_it_adds_nothing_on_bad_input(tmp_path, personas, extra):
    good = tmp_path / "dengue.txt"
    good.write_text("Dengue is spread by mosquitoes.", encoding="utf-8")
    other = tmp_path / "heat.txt"
    other.write_text("Drink water often.", encoding="utf-8")

    with pytest.raises(CommandError):
        _run(str(good), str(other), *extra)
    assert not Source.objects.exists()


def test_one_refused_file_adds_none_of_the_others(tmp_path, personas):
    good = tmp_path / "dengue.txt"
    good.write_text("Dengue is spread by mosquitoes.", encoding="utf-8")
    bad = tmp_path / "old.txt"
    bad.write_bytes("Démam".encode("latin-1"))

    with pytest.raises(CommandError, match="old.txt"):
        _run(str(good), str(bad), "--user", "author", "--publisher", "HPB")
    assert not Source.objects.exists()
