"""The allow-list of staff and organisation names: kept by superusers, audited, read briefly cached,
and honoured by the guard for names only."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from review.models import AuditEvent
from translations import phi_allow
from translations.models import PhiAllowedName
from translations.phi import PhiBlocked, guard_outbound


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password=None, email="root@example.invalid")


@pytest.fixture(autouse=True)
def fresh_cache():
    phi_allow._forget_allowed_names()
    yield
    phi_allow._forget_allowed_names()


def test_a_superuser_adds_a_staff_name_and_the_change_is_audited(superuser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = phi_allow.phi_allowed_name_save(
            actor=superuser, allowed=PhiAllowedName(name="Dr  Lim", kind="staff", note="Head of the diabetes clinic")
        )
    row.refresh_from_db()
    assert row.name == "Dr Lim" and row.created_by == superuser
    event = AuditEvent.objects.get(verb="phi.allowed_name.created")
    assert event.data["after"] == {"name": "Dr Lim", "kind": "staff", "note": "Head of the diabetes clinic"}
    assert phi_allow.allowed_names() == ("Dr Lim",)


def test_an_author_may_not_change_the_allow_list(personas):
    with pytest.raises(PermissionDenied):
        phi_allow.phi_allowed_name_save(actor=personas.author, allowed=PhiAllowedName(name="Dr Lim"))
    assert not PhiAllowedName.objects.exists()


def test_changing_and_deleting_a_name_is_audited_and_an_unchanged_save_records_nothing(superuser):
    row = phi_allow.phi_allowed_name_save(actor=superuser, allowed=PhiAllowedName(name="Dr Lim"))
    phi_allow.phi_allowed_name_save(actor=superuser, allowed=row)
    row.note = "Clinic B"
    phi_allow.phi_allowed_name_save(actor=superuser, allowed=row)
    phi_allow.phi_allowed_name_delete(actor=superuser, allowed=row)
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="phi.allowed_name").order_by("seq").values_list("verb", flat=True)
    )
    assert verbs == ["phi.allowed_name.created", "phi.allowed_name.changed", "phi.allowed_name.deleted"]
    assert not PhiAllowedName.objects.exists()


def test_the_list_is_read_once_and_kept_briefly(superuser, django_assert_num_queries):
    PhiAllowedName.objects.create(name="Dr Lim")
    with django_assert_num_queries(1):
        assert phi_allow.allowed_names() == ("Dr Lim",)
        assert phi_allow.allowed_names() == ("Dr Lim",)


def test_the_guard_lets_an_allowed_staff_name_through_but_not_the_same_surname_of_a_patient(superuser):
    PhiAllowedName.objects.create(name="Dr Lim")
    options = phi_allow.guard_names(leaflet_id=None)
    payload = guard_outbound(pieces={"segment 1": "Call Dr Lim's clinic if the rash spreads."}, **options)
    assert payload.pieces == {"segment 1": "Call Dr Lim's clinic if the rash spreads."}
    with pytest.raises(PhiBlocked) as caught:
        guard_outbound(pieces={"segment 1": "Dr Lim saw Mdm Lim, 72, who has diabetes."}, **options)
    assert [(loc.type, loc.start) for loc in caught.value.locations] == [("person", 15)]


def test_an_allowed_name_never_lets_an_identifier_through(superuser):
    PhiAllowedName.objects.create(name="S1234567D", kind="organisation")
    with pytest.raises(PhiBlocked) as caught:
        guard_outbound(pieces={"segment 1": "NRIC S1234567D"}, **phi_allow.guard_names(leaflet_id=None))
    assert [loc.type for loc in caught.value.locations] == ["nric"]


def test_the_admin_saves_through_the_service(superuser, as_user):
    client = as_user(superuser)
    response = client.post(
        "/admin/translations/phiallowedname/add/",
        {"name": "Tan Tock Seng Hospital", "kind": "organisation", "note": ""},
    )
    assert response.status_code == 302, response.content[:500]
    assert PhiAllowedName.objects.get().kind == "organisation"
    assert AuditEvent.objects.filter(verb="phi.allowed_name.created").count() == 1


def test_an_author_cannot_open_the_allow_list_in_the_admin(personas, as_user):
    personas.author.is_staff = True
    personas.author.save()
    assert as_user(personas.author).get("/admin/translations/phiallowedname/").status_code == 403
