"""A receiver's host name is resolved once per attempt, checked, and the attempt connects to the address
checked: a public name that points inward, or whose DNS answer changes between the check and the
connection (DNS rebinding), never gets a webhook into the private network."""

import socket

import pytest

from review import webhooks
from review.models import WebhookDelivery
from review.services import leaflet_publish
from tests.webhooks.conftest import run_messages

PUBLIC = "93.184.216.34"  # documentation-range-like public address; nothing is ever sent to it here


@pytest.fixture
def dns(monkeypatch):
    """receiver.example answers from a script; every other name resolves as usual."""
    answers: list[str] = []
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host != "receiver.example":
            return real(host, *args, **kwargs)
        asked.append(host)
        address = answers.pop(0) if len(answers) > 1 else answers[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, asked


@pytest.fixture
def connections(monkeypatch):
    """Where the attempts connect, refused there: nothing leaves the test."""
    tried: list[tuple[str, int]] = []

    def create_connection(address, *args, **kwargs):
        tried.append(address)
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return tried


def test_it_refuses_a_public_name_that_resolves_inward(
    approved_leaflet, personas, make_endpoint, messages, dns, connections, django_capture_on_commit_callbacks
):
    answers, _asked = dns
    make_endpoint("https://receiver.example/hooks")  # a public-looking name: accepted when saved
    answers[:] = ["127.0.0.1"]  # what it resolves to when a delivery is sent
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)

    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "failed" and "resolves to an address inside a private network" in delivery.last_error
    assert connections == []


def test_an_attempt_connects_to_the_address_it_checked_not_to_a_second_answer(
    approved_leaflet, personas, make_endpoint, messages, dns, connections, django_capture_on_commit_callbacks
):
    answers, asked = dns
    make_endpoint("https://receiver.example/hooks")
    # The check sees a public address; a second lookup would see loopback (a rebinding name).
    answers[:] = [PUBLIC, "127.0.0.1"]
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    [(delivery_pk, _countdown)] = messages
    webhooks.webhook_attempt(delivery_id=delivery_pk)

    assert connections == [(PUBLIC, 443)]
    assert asked == ["receiver.example"]  # resolved once, for the check
    delivery = WebhookDelivery.objects.get()
    assert "Connection refused" in delivery.last_error  # the refusal came from the checked address


def test_a_host_declared_internal_is_not_resolved_here_and_is_connected_to_by_name(settings, dns):
    settings.WORKBENCH_INTERNAL_HOSTS = ["receiver.example"]
    _answers, asked = dns

    assert webhooks.resolve_receiver("https://receiver.example/hooks") == webhooks.Resolved(None, ())
    assert asked == []


def test_every_checked_address_is_tried_in_turn(monkeypatch):
    tried = []

    def create_connection(address, *args, **kwargs):
        tried.append(address[0])
        if address[0] == "2001:db8::1":
            raise OSError(101, "Network is unreachable")  # an IPv6 answer on a host without an IPv6 route
        return "connected"

    monkeypatch.setattr(socket, "create_connection", create_connection)

    assert webhooks._pinned_socket(("2001:db8::1", PUBLIC), 443, 5, None) == "connected"
    assert tried == ["2001:db8::1", PUBLIC]
