"""Which hosts the deployment declares internal (WORKBENCH_INTERNAL_HOSTS): listed names and CIDR ranges only."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from translations.models import Provider
from translations.providers import effective_phi_policy, host_is_internal, provider_may_send_unredacted

INTERNAL = ["llm.hospital.local", "GPU-01.Hospital.Local.", "10.0.0.0/8", "192.168.7.5", "fd00::/8"]


@pytest.fixture
def internal(settings):
    settings.WORKBENCH_INTERNAL_HOSTS = INTERNAL
    return settings


@pytest.mark.parametrize(
    "url",
    [
        "http://llm.hospital.local:11434/v1",
        "https://LLM.Hospital.Local/v1",
        "http://llm.hospital.local./v1",  # one trailing dot is the same name
        "http://gpu-01.hospital.local/v1",  # the listed entry's case and trailing dot do not matter either
        "http://10.0.0.5:11434/v1",
        "http://10.255.255.254/v1",
        "http://192.168.7.5:8000/v1",
        "http://[fd00::5]:8000/v1",
        "http://[::ffff:10.0.0.5]/v1",  # an IPv4-mapped IPv6 address is that IPv4 address
        "llm.hospital.local",
        "llm.hospital.local:8080",
        "10.0.0.5",
        "fd00::5",
        "[fd00::5]",
        "http://user@llm.hospital.local/v1",  # userinfo before the real host
    ],
)
def test_listed_names_and_addresses_in_listed_ranges_are_internal(internal, url):
    assert host_is_internal(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1",
        "http://127.0.0.1:11434/v1",  # not listed: loopback is not implicitly internal
        "http://localhost:11434/v1",
        "http://192.168.7.6/v1",
        "http://11.0.0.5/v1",
        "http://[fe80::1]/v1",
        "http://[::1]/v1",
        "http://hospital.local/v1",  # only exact names, never a parent or a child of one
        "http://evil.llm.hospital.local/v1",
        "http://llm.hospital.local.evil.com/v1",
        "http://llm.hospital.local../v1",
        "http://10.0.0.5@evil.com/v1",  # the host is evil.com; 10.0.0.5 is a user name
        "http://10.0.0.5:11434@evil.com/v1",
        "http://llm.hospital.local@evil.com/",
        "http://evil.com#@10.0.0.5",  # the host is evil.com; the rest is a fragment
        "http://evil.com?@10.0.0.5/",
        "http://evil.com/@10.0.0.5/",
        "http://evil.com\\@10.0.0.5/",  # parsers disagree about backslashes: refused
        "http://a@b@10.0.0.5/",  # several "@": refused
        "http://10.0.0.5 .evil.com/",
        "http://10.0.0.5\t.evil.com/",
        "http://llm.hospital.local%2eevil.com/",
        "http://0x0a000005/v1",  # other spellings of 10.0.0.5 are names, and not listed ones
        "http://167772165/v1",
        "http://010.0.0.5/v1",
        "ftp://10.0.0.5/",
        "http://10.0.0.5:notaport/",
        "http:10.0.0.5",
        "",
        "http://",
        "http://\u212aernel.local/",  # non-ASCII (Kelvin sign) never matches a listed name
    ],
)
def test_anything_else_is_not(internal, url, settings):
    settings.WORKBENCH_INTERNAL_HOSTS = INTERNAL + ["kernel.local"]
    assert not host_is_internal(url)


def test_nothing_is_internal_by_default(settings):
    settings.WORKBENCH_INTERNAL_HOSTS = []
    assert not host_is_internal("http://10.0.0.5/v1")
    assert not host_is_internal("http://localhost/v1")


def test_a_malformed_entry_stops_with_its_name(settings):
    settings.WORKBENCH_INTERNAL_HOSTS = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="10.0.0.0/33"):
        host_is_internal("http://10.0.0.5/v1")
    settings.WORKBENCH_INTERNAL_HOSTS = ["http://llm.hospital.local/"]
    with pytest.raises(ImproperlyConfigured, match="neither a host name"):
        host_is_internal("http://llm.hospital.local/v1")


def test_unredacted_sending_is_rechecked_against_the_setting_at_call_time(internal, db):
    # A row written behind the services' back, as through a database shell.
    provider = Provider.objects.create(
        name="local", base_url="http://10.0.0.5:11434/v1", model="m", on_premises=True, phi_policy="allow"
    )
    assert provider_may_send_unredacted(provider)
    assert effective_phi_policy(provider) == "allow"

    internal.WORKBENCH_INTERNAL_HOSTS = ["llm.hospital.local"]  # the range is no longer declared internal
    assert not provider_may_send_unredacted(provider)
    assert effective_phi_policy(provider) == "block"

    internal.WORKBENCH_INTERNAL_HOSTS = ["10.0.0.0/33"]  # malformed: fail closed, do not raise mid-job
    assert not provider_may_send_unredacted(provider)

    internal.WORKBENCH_INTERNAL_HOSTS = INTERNAL
    Provider.objects.filter(pk=provider.pk).update(base_url="https://api.openai.com/v1")
    provider.refresh_from_db()
    assert not provider_may_send_unredacted(provider)


def test_redact_and_block_are_never_unredacted(internal):
    for policy in ("block", "redact"):
        provider = Provider(name="p", base_url="http://10.0.0.5/v1", model="m", on_premises=True, phi_policy=policy)
        assert not provider_may_send_unredacted(provider)
        assert effective_phi_policy(provider) == policy
