"""A leaflet's text out as a Word document and back: structure, keys, fonts, the red-flags box, markers."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from lxml import etree

from review.models import AuditEvent
from tests.conftest import text_of
from tests.exchange.docx_files import TIGHT, leaflet_rows, make_word_leaflet, needs_tico, tico
from translations.exchange import docx
from translations.exchange.documents import BadFile
from translations.exchange.word import leaflet_docx_export, leaflet_docx_import
from translations.models import TargetSegment

pytestmark = needs_tico
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIMIT = 10 * 1024 * 1024


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def segments_of(leaflet, language):
    return list(TargetSegment.objects.filter(text_version=text_of(leaflet, language)).order_by("position"))


@pytest.mark.parametrize("language", ["en", "zh", "ms", "ta"])
def test_every_language_reads_back_with_its_kinds_texts_and_keys(personas, language):
    leaflet = make_word_leaflet(personas.author)

    result = leaflet_docx_export(leaflet=leaflet, language=language, user=personas.author)
    doc = docx.read_docx(result.data, limit=LIMIT)

    expected = [(texts_kind, texts[language]) for texts_kind, texts in leaflet_rows()]
    assert [(b.kind, b.text) for b in doc.blocks] == expected
    assert [b.key for b in doc.blocks] == [s.key for s in segments_of(leaflet, language)]
    assert (doc.language, doc.leaflet_id, doc.revision) == (language, leaflet.pk, 1)
    assert doc.content_hash == text_of(leaflet, language).content_hash
    assert doc.not_imported == []
    assert result.filename == f"leaflet-{leaflet.pk}-r1-{language}.docx"


def test_the_red_flags_are_a_bordered_shaded_box_under_a_heading_in_the_documents_language(personas):
    leaflet = make_word_leaflet(personas.author)

    data = leaflet_docx_export(leaflet=leaflet, language="ta", user=personas.author).data

    body = part(data, "word/document.xml").find(f"{W}body")
    paragraphs = body.findall(f"{W}p")
    styles = [
        p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") if p.find(f"{W}pPr/{W}pStyle") is not None else ""
        for p in paragraphs
    ]
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in paragraphs]
    heading_at = styles.index("RedFlagsHeading")
    assert texts[heading_at] == docx.RED_FLAG_PHRASES["ta"][0]
    assert (styles[heading_at + 1], texts[heading_at + 1]) == ("RedFlag", tico(TIGHT)["ta"])
    # The heading is not a segment: it carries no bookmark.
    assert paragraphs[heading_at].find(f"{W}bookmarkStart") is None
    style = next(s for s in part(data, "word/styles.xml").findall(f"{W}style") if s.get(f"{W}styleId") == "RedFlag")
    assert {b.tag for b in style.find(f"{W}pPr/{W}pBdr")} == {
        f"{W}{side}" for side in ("top", "left", "bottom", "right")
    }
    assert style.find(f"{W}pPr/{W}shd").get(f"{W}fill") == "FDECEA"


@pytest.mark.parametrize("language", ["zh", "ta"])
def test_the_runs_name_fonts_for_tamil_and_chinese_and_the_language(personas, language):
    leaflet = make_word_leaflet(personas.author)

    data = leaflet_docx_export(leaflet=leaflet, language=language, user=personas.author).data

    runs = list(part(data, "word/document.xml").iter(f"{W}r"))
    assert runs
    for run in runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}cs") == "Noto Sans Tamil"
        assert fonts.get(f"{W}eastAsia") == "Noto Sans CJK SC"
        assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Noto Sans"
        lang = run.find(f"{W}rPr/{W}lang")
        assert lang.get(f"{W}val") == {"zh": "zh-CN", "ta": "ta-IN"}[language]
        assert (lang.get(f"{W}eastAsia"), lang.get(f"{W}bidi")) == ("zh-CN", "ta-IN")
        if language == "zh":
            assert fonts.get(f"{W}hint") == "eastAsia"
    fallbacks = {
        f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
        for f in part(data, "word/fontTable.xml").findall(f"{W}font")
        if f.find(f"{W}altName") is not None
    }
    assert fallbacks["Noto Sans Tamil"] == "Latha" and fallbacks["Noto Sans CJK SC"] == "Microsoft YaHei"
    # No style keeps a theme font, which Word would use instead of the Noto fonts.
    assert not any(
        name.endswith("Theme") or name.endswith("theme")
        for fonts in part(data, "word/styles.xml").iter(f"{W}rFonts")
        for name in (etree.QName(a).localname for a in fonts.attrib)
    )


def test_every_segment_is_bookmarked_with_a_name_word_accepts(personas):
    leaflet = make_word_leaflet(personas.author)

    data = leaflet_docx_export(leaflet=leaflet, language="en", user=personas.author).data

    names = [b.get(f"{W}name") for b in part(data, "word/document.xml").iter(f"{W}bookmarkStart")]
    assert names == [docx.bookmark_name(s.key) for s in segments_of(leaflet, "en")]
    for name in names:
        assert len(name) <= 40 and name[0].isalpha() and name.replace("_", "").isalnum()


def test_untranslated_segments_are_marked_never_the_english_in_their_place(personas):
    leaflet = make_word_leaflet(personas.author, translate=False)

    result = leaflet_docx_export(leaflet=leaflet, language="zh", user=personas.author)

    assert result.untranslated == result.segments == len(leaflet_rows())
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in part(result.data, "word/document.xml").iter(f"{W}p")]
    for _kind, row in leaflet_rows():
        shown = next(text for text in texts if row["en"] in text)
        assert shown.startswith("[尚未翻译] ")
    # Read back, placeholders are not Chinese text: a document of nothing else has nothing to import.
    with pytest.raises(BadFile, match="no text to import"):
        docx.read_docx(result.data, limit=LIMIT)


def test_read_back_placeholders_are_reported_as_not_imported(personas):
    leaflet = make_word_leaflet(personas.author)
    ta = segments_of(leaflet, "ta")
    from translations.edits import target_segment_edit

    target_segment_edit(segment=ta[2], editor=personas.reviewer("ta", "native"), text="", expected_seq=ta[2].edit_seq)

    doc = docx.read_docx(leaflet_docx_export(leaflet=leaflet, language="ta", user=personas.author).data, limit=LIMIT)

    assert [item.kind for item in doc.not_imported] == ["untranslated"]
    assert tico(leaflet_rows()[2][1]["en"])["ta"] not in [b.text for b in doc.blocks]
    assert len(doc.blocks) == len(leaflet_rows()) - 1


def test_an_export_is_audited_and_an_unchanged_reimport_changes_nothing(personas):
    leaflet = make_word_leaflet(personas.author)
    revisions = leaflet.revisions.count()

    result = leaflet_docx_export(leaflet=leaflet, language="en", user=personas.author)
    event = AuditEvent.objects.get(verb="leaflet.docx_exported")
    assert event.actor == personas.author and event.data["language"] == "en" and event.data["segments"] == 6
    imported = leaflet_docx_import(data=result.data, user=personas.author, leaflet=leaflet)

    assert imported.unchanged and imported.revision.pk == leaflet.current_revision_id
    assert leaflet.revisions.count() == revisions
    assert not AuditEvent.objects.filter(verb="leaflet.docx_imported").exists()


def test_a_reviewer_exports_only_the_texts_they_may_read(personas):
    leaflet = make_word_leaflet(personas.author)
    tamil = personas.reviewer("ta", "native")

    assert leaflet_docx_export(leaflet=leaflet, language="ta", user=tamil).data
    with pytest.raises(PermissionDenied):
        leaflet_docx_export(leaflet=leaflet, language="ms", user=tamil)
    with pytest.raises(PermissionDenied):
        leaflet_docx_export(leaflet=leaflet, language="en", user=personas.outsider)
    assert AuditEvent.objects.filter(verb="leaflet.docx_exported").count() == 1
