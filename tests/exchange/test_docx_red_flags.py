"""The red-flags block: after a "when to seek help" heading in any of the four languages, or in a configured style."""

import pytest

from tests.exchange.docx_files import CHEST, COUGH, FEVER, SISTER, TIGHT, needs_tico, tico, to_bytes, word
from translations.exchange import docx
from translations.exchange.word import leaflet_docx_import

pytestmark = needs_tico
LIMIT = 10 * 1024 * 1024


def kinds(doc):
    return [(b.kind, b.text) for b in doc.blocks]


@pytest.mark.parametrize(
    ("language", "phrase"),
    [(language, phrase) for language, phrases in docx.RED_FLAG_PHRASES.items() for phrase in phrases],
)
def test_every_listed_phrase_is_recognised(language, phrase):
    assert docx.red_flag_language(phrase) == language
    assert docx.red_flag_language(phrase, whole=True) == language


@pytest.mark.parametrize(
    ("heading", "language"),
    [
        ("When to seek help", "en"),
        ("WHEN TO SEEK HELP:", "en"),
        ("⚠  When to seek   help!", "en"),
        ("Seek medical help immediately if you have:", "en"),
        ("何时就医", "zh"),
        ("立即就医：", "zh"),
        ("Bila perlu dapatkan bantuan", "ms"),
        ("Dapatkan rawatan segera jika:", "ms"),
        ("உடனடியாக மருத்துவ உதவி பெறுங்கள்", "ta"),
        ("உடனே உதவி பெறுங்கள்!", "ta"),
    ],
)
def test_case_punctuation_symbols_and_spacing_do_not_matter(heading, language):
    assert docx.red_flag_language(heading) == language


@pytest.mark.parametrize("heading", ["Symptoms", "Help with your medicines", "Seeking", "症状", "Simptom", "அறிகுறிகள்"])
def test_other_headings_are_not_red_flag_headings(heading):
    assert docx.red_flag_language(heading) is None


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "When to seek help"),
        ("zh", "何时就医"),
        ("ms", "Dapatkan rawatan segera jika"),
        ("ta", "உடனடியாக மருத்துவ உதவி பெறுங்கள்"),
    ],
)
def test_after_the_heading_in_each_language_paragraphs_are_red_flags_until_the_next_heading(language, heading):
    rows = {text: tico(text)[language] for text in (CHEST, FEVER, TIGHT, COUGH, SISTER)}
    document = word(
        ("Heading 1", rows[CHEST]),
        ("Normal", rows[FEVER]),
        ("Heading 2", heading),
        ("Normal", rows[TIGHT]),
        ("List Bullet", rows[COUGH]),
        ("Heading 2", rows[SISTER]),
        ("Normal", rows[FEVER]),
        title=rows[CHEST],
    )

    doc = docx.read_docx(to_bytes(document), limit=LIMIT)

    assert kinds(doc) == [
        ("title", rows[CHEST]),
        ("heading", rows[CHEST]),
        ("paragraph", rows[FEVER]),
        ("red_flag", rows[TIGHT]),
        ("red_flag", rows[COUGH]),
        ("heading", rows[SISTER]),
        ("paragraph", rows[FEVER]),
    ]
    assert doc.red_flag_languages == {language}


def test_a_paragraph_that_is_only_the_phrase_opens_the_block_too():
    document = word(
        ("Normal", CHEST), ("Normal", "Seek medical help immediately if:"), ("List Bullet", TIGHT), title="Chest pain"
    )

    doc = docx.read_docx(to_bytes(document), limit=LIMIT)

    assert kinds(doc) == [("title", "Chest pain"), ("paragraph", CHEST), ("red_flag", TIGHT)]


def test_a_paragraph_in_a_configured_style_is_a_red_flag(personas, settings):
    settings.DOCX_RED_FLAG_STYLES = ["Danger Box"]
    document = word(("Normal", CHEST), title="Chest pain")
    from docx.enum.style import WD_STYLE_TYPE

    document.styles.add_style("Danger Box", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(TIGHT, style="Danger Box")
    document.add_paragraph(COUGH, style="Normal")

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author)

    assert [(s.kind, s.text) for s in result.leaflet.current_revision.segments.order_by("position")] == [
        ("title", "Chest pain"),
        ("paragraph", CHEST),
        ("red_flag", TIGHT),
        ("paragraph", COUGH),
    ]


@pytest.mark.parametrize("style", docx.DEFAULT_RED_FLAG_STYLES)
def test_the_default_styles_mark_red_flags(style):
    document = word(("Normal", CHEST), title="Chest pain")
    from docx.enum.style import WD_STYLE_TYPE

    document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(TIGHT, style=style)

    doc = docx.read_docx(to_bytes(document), limit=LIMIT)

    assert kinds(doc)[-1] == ("red_flag", TIGHT)


def test_a_block_in_the_red_flag_style_ends_where_the_style_ends():
    document = word(("Heading 2", "When to seek help"), title="Chest pain")
    from docx.enum.style import WD_STYLE_TYPE

    document.styles.add_style("Red Flag", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(TIGHT, style="Red Flag")
    document.add_paragraph(COUGH, style="Normal")

    doc = docx.read_docx(to_bytes(document), limit=LIMIT)

    assert kinds(doc) == [("title", "Chest pain"), ("red_flag", TIGHT), ("paragraph", COUGH)]


def test_a_red_flag_run_followed_by_a_paragraph_survives_the_round_trip(personas):
    from workbench.services import SegmentInput, leaflet_create

    leaflet = leaflet_create(
        user=personas.author,
        title="Chest pain",
        segments=[
            SegmentInput(kind="heading", text="When to seek help"),
            SegmentInput(kind="red_flag", text=TIGHT),
            SegmentInput(kind="paragraph", text=COUGH),
            SegmentInput(kind="red_flag", text=FEVER),
        ],
    )
    from translations.exchange.word import leaflet_docx_export

    data = leaflet_docx_export(leaflet=leaflet, language="en", user=personas.author).data
    doc = docx.read_docx(data, limit=LIMIT)

    assert [(b.kind, b.text, b.key) for b in doc.blocks] == [
        (s.kind, s.text, s.key) for s in leaflet.current_revision.segments.order_by("position")
    ]
