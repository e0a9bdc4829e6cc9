"""Files that are not plain Word documents are refused with a message saying why, and nothing changes."""

import pytest
from django.core.exceptions import ValidationError

from tests.exchange.docx_files import (
    CHEST,
    append_xml,
    database_state,
    make_word_leaflet,
    members_of,
    needs_tico,
    replace_member,
    to_bytes,
    word,
    zip_of,
)
from translations.exchange.word import leaflet_docx_import

pytestmark = needs_tico
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def plain() -> bytes:
    return to_bytes(word(("Normal", CHEST), title="Chest pain"))


def refused(data: bytes, personas, match: str, *, leaflet=None, file_name="leaflet.docx") -> None:
    before = database_state()
    with pytest.raises(ValidationError, match=match):
        leaflet_docx_import(data=data, user=personas.author, leaflet=leaflet, file_name=file_name)
    assert database_state() == before


@pytest.fixture(params=["new", "revision"])
def target(request, personas):
    return None if request.param == "new" else make_word_leaflet(personas.author)


def test_a_file_over_the_size_limit_is_refused_before_it_is_unzipped(personas, target, settings):
    settings.EXCHANGE_MAX_FILE_BYTES = 4096
    data = plain()
    assert len(data) > 4096
    refused(data, personas, r"the limit is 4,096 bytes", leaflet=target)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks like a PDF"),
        (b"{\\rtf1\\ansi Chest pain}", "looks like an RTF file"),
        (b"<?xml version='1.0'?><xliff/>", "not a Word document"),
        (b"just some text", "not a Word document"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_zip_is_refused(personas, target, data, match):
    refused(data, personas, match, leaflet=target)


def test_a_zip_that_is_not_a_word_document_is_refused(personas, target):
    refused(zip_of({"notes.txt": b"chest pain"}), personas, "no word/document.xml", leaflet=target)
    workbook = zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    refused(workbook, personas, "Excel workbook", leaflet=target)


def test_a_password_protected_document_is_named_as_such(personas, target):
    encrypted = OLE + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    refused(encrypted, personas, "password-protected", leaflet=target)


def test_an_old_word_document_is_named_as_such(personas, target):
    refused(
        OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64,
        personas,
        r"Word 97–2003 document \(\.doc\)",
        leaflet=target,
    )


def test_another_ole_file_is_refused(personas, target):
    refused(OLE + b"\x00" * 64, personas, "OLE compound file", leaflet=target)


def test_a_macro_enabled_document_is_refused(personas, target):
    members = members_of(plain())
    content_types = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    docm = zip_of({**members, "[Content_Types].xml": content_types, "word/vbaProject.bin": b"\x00" * 512})
    refused(docm, personas, "contains macros", leaflet=target, file_name="leaflet.docm")
    # Either sign alone is enough: a macro project under a .docx content type, or the content type alone.
    refused(zip_of({**members, "word/vbaProject.bin": b"\x00" * 512}), personas, "contains macros", leaflet=target)
    refused(zip_of({**members, "[Content_Types].xml": content_types}), personas, "contains macros", leaflet=target)


def test_a_zip_bomb_is_refused_from_its_directory(personas, target, settings):
    settings.EXCHANGE_MAX_FILE_BYTES = 200_000
    members = members_of(plain())
    bomb = zip_of({**members, "word/media/padding.bin": b"\x00" * 2_000_000})
    assert len(bomb) < 200_000
    refused(bomb, personas, r"unpacks to [\d,]+ bytes, more than 1,000,000", leaflet=target)


def test_a_zip_with_too_many_members_is_refused(personas, target):
    members = members_of(plain())
    crowded = zip_of({**members, **{f"customXml/item{i}.xml": b"<a/>" for i in range(1001)}})
    refused(crowded, personas, "parts; a Word document has far fewer", leaflet=target)


def test_xml_that_cannot_be_parsed_is_refused(personas, target):
    broken = replace_member(plain(), "word/document.xml", b"<w:document xmlns:w='x'><w:body><w:p>")
    refused(broken, personas, "damaged or not a Word document", leaflet=target)


def test_a_document_type_declaring_entities_is_refused(personas, target):
    document = members_of(plain())["word/document.xml"]
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
        + document.split(b"?>", 1)[1]
    )
    refused(replace_member(plain(), "word/document.xml", laughs), personas, "declares entities", leaflet=target)
    external = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + document.split(b"?>", 1)[1]
    )
    refused(replace_member(plain(), "word/document.xml", external), personas, "declares entities", leaflet=target)


def test_a_truncated_file_is_refused(personas, target):
    data = plain()
    refused(data[: len(data) // 2], personas, "damaged", leaflet=target)


def test_a_document_without_text_is_refused(personas, target):
    refused(to_bytes(word(("Normal", ""), ("Normal", "   "))), personas, "no text to import", leaflet=target)
    document = word()
    document.add_table(rows=2, cols=2).cell(0, 0).text = "Only a table"
    refused(to_bytes(document), personas, "no text to import", leaflet=target)


def test_an_external_relationship_is_never_followed(personas, tmp_path, monkeypatch):
    import builtins

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"a secret the server must not read")
    document = word(("Normal", CHEST), title="Chest pain")
    image = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
    rel = document.part.relate_to(secret.as_uri(), image, is_external=True)
    append_xml(
        document,
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:r><w:t>See the picture</w:t></w:r><w:r><w:pict><v:shape><v:imagedata r:id="{rel}"/></v:shape>'
        "</w:pict></w:r></w:p>",
    )
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: opened.append(str(file)) or real_open(file, *a, **k))

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author)

    assert not [name for name in opened if "secret" in name]
    assert [(item.kind, item.paragraph) for item in result.not_imported] == [("image", 3)]
