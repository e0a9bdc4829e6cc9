"""Files built to hurt the server are refused before any of their content is used."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import TICO
from tests.exchange.conftest import database_state, export, replace_target
from translations.exchange.services import leaflet_import

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


@pytest.fixture
def tamil_export(translated_leaflet, personas, vendor):
    return export(translated_leaflet, "ta", personas.author).data


def _refused(data, user, match):
    before = database_state()
    with pytest.raises(ValidationError, match=match):
        leaflet_import(data=data, user=user)
    assert database_state() == before


def test_it_refuses_a_billion_laughs(tamil_export, personas):
    body = replace_target(tamil_export, TICO[0]["ta"], "&lol9;").split(b"?>", 1)[1]
    _refused(BILLION_LAUGHS + body, personas.author, "declares entities")


def test_it_refuses_an_external_entity(tamil_export, personas):
    body = replace_target(tamil_export, TICO[0]["ta"], "&secret;").split(b"?>", 1)[1]
    hostile = b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>' + body
    _refused(hostile, personas.author, "declares entities")


def test_it_refuses_an_external_entity_in_utf16(tamil_export, personas):
    body = replace_target(tamil_export, TICO[0]["ta"], "&secret;").split(b"?>", 1)[1].decode()
    hostile = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE xliff [<!ENTITY secret SYSTEM '
        '"file:///etc/passwd">]>' + body
    ).encode("utf-16")
    _refused(hostile, personas.author, "entit")


def test_it_refuses_a_network_document_type(tamil_export, personas):
    body = tamil_export.split(b"?>", 1)[1]
    hostile = (
        b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>'
        + body
    )
    _refused(hostile, personas.author, "declares entities")


def test_it_refuses_a_file_that_is_not_well_formed(tamil_export, personas):
    _refused(tamil_export.replace(b"</body>", b"", 1), personas.author, "not well-formed XML")


def test_it_refuses_a_file_larger_than_the_limit_before_reading_it(tamil_export, personas, settings):
    settings.EXCHANGE_MAX_FILE_BYTES = 2048
    _refused(tamil_export + b" " * 4096, personas.author, "the limit is 2,048 bytes")


def test_the_limit_is_read_from_the_environment_and_a_bad_value_stops_startup(monkeypatch):
    import subprocess
    import sys

    from django.conf import settings as live

    env = {
        "DJANGO_SECRET_KEY": live.SECRET_KEY,
        "AUDIT_KEY": live.AUDIT_KEY,
        "DJANGO_PLAIN_HTTP": "1",
        "PATH": "/usr/bin:/bin",
        "WORKBENCH_EXCHANGE_MAX_FILE_BYTES": "ten megabytes",
    }
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='workbench.settings'; django.setup()"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=live.BASE_DIR)
    assert (
        run.returncode != 0 and "WORKBENCH_EXCHANGE_MAX_FILE_BYTES='ten megabytes' is not a whole number" in run.stderr
    )
    env["WORKBENCH_EXCHANGE_MAX_FILE_BYTES"] = "4096"
    code += "; from django.conf import settings; print(settings.EXCHANGE_MAX_FILE_BYTES)"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=live.BASE_DIR)
    assert run.stdout.strip() == "4096", run.stderr


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "格式正确的 XML"), ("ms", "bukan XML yang sah"), ("ta", "சரியான வடிவிலான XML")]
)
def test_the_reason_a_file_is_refused_is_given_in_the_readers_language(language, words):
    from django.utils import translation

    from translations.exchange import safe_xml
    from translations.exchange.documents import BadFile

    with translation.override(language), pytest.raises(BadFile) as refused:
        safe_xml.parse(b"<xliff", limit=1000)

    assert words in str(refused.value)
