"""Chinese lines break between characters, never before closing punctuation or after
opening punctuation (the Chinese rules of line breaking, which Pango's UAX #14 classes
give: CL/CP/EX/IS/NS never start a line, OP never ends one)."""

import pytest

from tests.publishing import PURE_CHINESE, make_pdf, pdf_text, skip_unless_printing, tico

NEVER_STARTS_A_LINE = set("，。、；：？！）”》」』】")
NEVER_ENDS_A_LINE = set("（“《「『【")
SHIFTS = 12


@pytest.fixture(autouse=True)
def _printing():
    skip_unless_printing()


@pytest.fixture(scope="module")
def paragraphs():
    """One long paragraph of TICO-19 sentences, printed SHIFTS times, each time one
    character later on its first line: somewhere a line would end right before a
    comma or full stop if the breaker did not know better."""
    sentences = tico(
        "zh", where=lambda row: bool(PURE_CHINESE.match(row["zh"])) and any(p in row["zh"] for p in "，、"), count=6
    )
    text = "".join(sentences)
    marker = "第"  # a character the sentences do not start with, to pad the first line
    return ["".join([marker] * shift) + text for shift in range(SHIFTS)]


@pytest.fixture(scope="module")
def printed_lines(paragraphs):
    """The printed lines of each paragraph, as pdftotext gives them back."""
    blocks = []
    for number, paragraph in enumerate(paragraphs):
        blocks += [{"kind": "heading", "text": f"P{number}"}, {"kind": "paragraph", "text": paragraph}]
    pdf = make_pdf("zh", title="Line breaking", blocks=blocks)
    lines_of = {}
    current = None
    for page in range(1, 1 + pdf_text(pdf).count("\f")):
        for line in pdf_text(pdf, page=page).splitlines():
            line = "".join(line.split())
            if line.startswith("P") and line[1:].isdigit():
                current = int(line[1:])
                lines_of[current] = []
            elif current is not None and line and PURE_CHINESE.match(line):
                lines_of[current].append(line)
    return lines_of


def test_every_paragraph_comes_back_whole(paragraphs, printed_lines):
    assert len(printed_lines) == len(paragraphs)
    for number, paragraph in enumerate(paragraphs):
        assert "".join(printed_lines[number]) == paragraph
        assert len(printed_lines[number]) >= 3


def test_no_line_starts_with_closing_punctuation(printed_lines):
    for lines in printed_lines.values():
        for line in lines:
            assert line[0] not in NEVER_STARTS_A_LINE, lines


def test_no_line_ends_with_opening_punctuation(printed_lines):
    for lines in printed_lines.values():
        for line in lines[:-1]:
            assert line[-1] not in NEVER_ENDS_A_LINE, lines


def test_lines_break_between_characters_and_some_give_way_to_punctuation(printed_lines):
    # Every character is one em wide, so full lines hold the same number of characters;
    # a full line one character shorter is a break moved back so that the punctuation
    # after it does not start the next line. Without such a case the tests above
    # would prove nothing.
    full_lines = [len(line) for lines in printed_lines.values() for line in lines[:-1]]
    longest = max(full_lines)
    assert longest >= 20  # broken between characters, not only at the few spaces (there are none)
    assert any(length < longest for length in full_lines)
