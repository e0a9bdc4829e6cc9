"""Settings read from the environment fail loudly on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from workbench.env import env_bool, env_choice, env_int, env_secret


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_it_refuses_a_boolean_it_cannot_read(monkeypatch, value):
    monkeypatch.setenv("WORKBENCH_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="WORKBENCH_FLAG"):
        env_bool("WORKBENCH_FLAG", False)


def test_it_refuses_numbers_out_of_range_naming_the_variable(monkeypatch):
    monkeypatch.setenv("MODEL_MAX_ATTEMPTS", "0")
    with pytest.raises(ImproperlyConfigured, match="MODEL_MAX_ATTEMPTS=0 is below the minimum of 1"):
        env_int("MODEL_MAX_ATTEMPTS", 5, minimum=1)
    monkeypatch.setenv("MODEL_MAX_ATTEMPTS", "five")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("MODEL_MAX_ATTEMPTS", 5, minimum=1)


def test_it_refuses_an_unknown_choice_and_reads_secrets_from_files(monkeypatch, tmp_path):
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(ImproperlyConfigured, match="LOG_LEVEL"):
        env_choice("LOG_LEVEL", "INFO", {"INFO", "DEBUG"})
    key = tmp_path / "key"
    key.write_text("s3cret\n")
    monkeypatch.setenv("DJANGO_SECRET_KEY_FILE", str(key))
    assert env_secret("DJANGO_SECRET_KEY") == "s3cret"
    monkeypatch.setenv("DJANGO_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("DJANGO_SECRET_KEY")


def test_a_bad_provider_configuration_stops_with_its_name(settings):
    from translations.providers import provider_config

    settings.MODEL_PROVIDERS_JSON = (
        '{"providers": [{"name": "cloud", "base_url": "https://x/v1", "model": "m", "phi_policy": "allow"}]}'
    )
    with pytest.raises(ImproperlyConfigured, match="cloud.*on_premises"):
        provider_config()
