"""What a Word document holds that the workbench has no place for is reported, where it is, never silently dropped."""

import struct
import zlib

from tests.exchange.docx_files import CHEST, COUGH, FEVER, append_xml, needs_tico, to_bytes, word
from translations.exchange import docx
from translations.exchange.word import leaflet_docx_import

pytestmark = needs_tico
LIMIT = 10 * 1024 * 1024
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)


def p(inner: str) -> str:
    return f"<w:p {NS}>{inner}</w:p>"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def read(document) -> docx.LeafletDocument:
    return docx.read_docx(to_bytes(document), limit=LIMIT)


def reported(doc, kind):
    return [item for item in doc.not_imported if item.kind == kind]


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def base():
    return word(("Normal", CHEST), title="Chest pain")  # paragraphs 1 and 2


def test_a_table_is_reported_with_its_first_cells_and_its_text_is_not_imported(personas):
    document = base()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Dose", "Times a day"
    document.add_paragraph(FEVER)

    doc = read(document)

    [item] = reported(doc, "table")
    assert item.paragraph == 2 and item.preview == "Dose | Times a day" and "after paragraph 2" in item.where
    assert [b.text for b in doc.blocks] == ["Chest pain", CHEST, FEVER]


def test_an_image_is_reported(personas, tmp_path):
    document = base()
    picture = tmp_path / "x.png"
    picture.write_bytes(png())
    document.add_picture(str(picture))

    [item] = reported(read(document), "image")

    assert item.paragraph == 3


def test_a_text_box_is_reported_with_its_text_which_is_not_imported(personas):
    document = base()
    append_xml(
        document,
        p(
            run(COUGH) + "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Call 995</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        ),
    )

    doc = read(document)

    [item] = reported(doc, "text_box")
    assert (item.paragraph, item.preview) == (3, "Call 995")
    assert doc.blocks[-1].text == COUGH


def test_tracked_changes_keep_the_text_before_them_and_say_so(personas):
    document = base()
    append_xml(
        document,
        p(
            run("take the tablets ")
            + '<w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">'
            + run("twice")
            + "</w:ins>"
            + '<w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z">'
            + "<w:r><w:delText>once</w:delText></w:r></w:del>"
            + run(" a day")
        ),
    )

    doc = read(document)

    assert doc.blocks[-1].text == "take the tablets once a day"
    [item] = reported(doc, "tracked_change")
    assert item.paragraph == 3
    assert "inserted text not imported: “twice”" in item.outcome and "deleted text kept: “once”" in item.outcome


def test_comments_are_reported(personas):
    document = base()
    append_xml(
        document,
        p(
            '<w:commentRangeStart w:id="0"/>'
            + run(COUGH)
            + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
        ),
    )

    doc = read(document)

    [item] = reported(doc, "comment")
    assert (item.paragraph, item.preview) == (3, COUGH) and doc.blocks[-1].text == COUGH


def test_simple_and_complex_fields_are_reported_and_their_results_not_imported(personas):
    document = base()
    append_xml(document, p(run("Page ") + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'))
    append_xml(
        document,
        p(
            run("Updated ")
            + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + run("1 March 2026")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            + run(" by the team")
        ),
    )

    doc = read(document)

    fields = reported(doc, "field")
    assert [(f.paragraph, f.preview) for f in fields] == [(3, "7"), (4, "1 March 2026")]
    assert [b.text for b in doc.blocks[-2:]] == ["Page", "Updated by the team"]


def test_footnotes_and_endnotes_are_reported(personas):
    document = base()
    append_xml(document, p(run(FEVER) + '<w:r><w:footnoteReference w:id="1"/></w:r>'))
    append_xml(document, p(run(COUGH) + '<w:r><w:endnoteReference w:id="1"/></w:r>'))

    doc = read(document)

    assert [(i.kind, i.paragraph) for i in doc.not_imported] == [("footnote", 3), ("endnote", 4)]


def test_an_equation_is_reported(personas):
    document = base()
    append_xml(document, p(run("Dose: ") + "<m:oMath><m:r><m:t>10 mg/kg</m:t></m:r></m:oMath>"))

    [item] = reported(read(document), "equation")

    assert (item.paragraph, item.preview) == (3, "10 mg/kg")


def test_headers_and_footers_with_text_are_reported(personas):
    document = base()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Department of Medicine"
    section.footer.paragraphs[0].text = "Version 3"

    doc = read(document)

    assert [(i.kind, i.paragraph, i.preview) for i in doc.not_imported] == [
        ("header", None, "Department of Medicine"),
        ("footer", None, "Version 3"),
    ]
    assert doc.not_imported[0].where == "outside the body text"


def test_the_import_carries_the_report(personas):
    document = base()
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Dose"

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author)

    assert [(i.kind, i.paragraph) for i in result.not_imported] == [("table", 2)]
