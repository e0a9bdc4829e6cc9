"""Glossary terms edited or deleted in the admin go through translations/glossary.py and are audited."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from tests.admin.conftest import change_form_data, client_for, events
from translations.glossary import glossary_import_csv, glossary_term_delete
from translations.models import GlossaryTerm

ADD = "/admin/translations/glossaryterm/add/"


def url(term, suffix="change/"):
    return f"/admin/translations/glossaryterm/{term.pk}/{suffix}"


@pytest.fixture
def fever(db):
    return GlossaryTerm.objects.create(target_language="ta", source_term="fever", target_term="காய்ச்சல்")


@pytest.fixture
def staff_author(staff):
    """The staff user, also an author: the glossary is the authors'."""
    staff.groups.add(Group.objects.get(name="Authors"))
    return client_for(staff)


def test_an_author_on_staff_adds_and_changes_terms_audited(staff_author, staff):
    data = change_form_data(
        staff_author.get(ADD),
        target_language="ms",
        source_term="dengue",
        target_term="denggi",
        forbidden_terms="demam berdarah",
    )
    assert staff_author.post(ADD, data).status_code == 302
    term = GlossaryTerm.objects.get(source_term="dengue")
    [created] = events("glossary.created", source="dengue")
    assert created.actor == staff
    assert created.data == {
        "language": "ms",
        "source": "dengue",
        "target": "denggi",
        "forbidden": ["demam berdarah"],
        "approved": True,
    }

    data = change_form_data(staff_author.get(url(term)), target_term="demam denggi")
    assert staff_author.post(url(term), data).status_code == 302
    assert events("glossary.changed", source="dengue", target="demam denggi")


def test_an_author_on_staff_deletes_a_term_audited(staff_author, fever):
    assert staff_author.post(url(fever, "delete/"), {"post": "yes"}).status_code == 302
    assert not GlossaryTerm.objects.filter(pk=fever.pk).exists()
    [deleted] = events("glossary.deleted", source="fever")
    assert deleted.data["target"] == "காய்ச்சல்" and deleted.object_id == str(fever.pk)


def test_bulk_deleting_terms_records_each(staff_author, fever):
    other = GlossaryTerm.objects.create(target_language="ta", source_term="cough", target_term="இருமல்")
    response = staff_author.post(
        "/admin/translations/glossaryterm/",
        {"action": "delete_selected", "_selected_action": [fever.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not GlossaryTerm.objects.exists()
    assert sorted(e.data["source"] for e in events("glossary.deleted")) == ["cough", "fever"]


def test_it_refuses_staff_and_superusers_who_are_not_authors_and_changes_nothing(as_staff, as_superuser, fever):
    before = AuditEvent.objects.count()
    for client in (as_staff, as_superuser):
        page = client.get(url(fever))
        assert page.status_code == 200 and "target_term" not in page.context["adminform"].form.fields  # read-only
        assert (
            client.post(
                url(fever), {"target_language": "ta", "source_term": "fever", "target_term": "wrong", "approved": "on"}
            ).status_code
            == 403
        )
        assert client.post(url(fever, "delete/"), {"post": "yes"}).status_code == 403
        assert client.post(ADD, {"target_language": "ta", "source_term": "x", "target_term": "y"}).status_code == 403
    assert GlossaryTerm.objects.get().target_term == "காய்ச்சல்"
    assert AuditEvent.objects.count() == before


def test_an_unknown_language_is_refused_by_the_form(staff_author):
    data = change_form_data(staff_author.get(ADD), target_language="xx", source_term="a", target_term="b")
    assert staff_author.post(ADD, data).status_code == 200
    assert not GlossaryTerm.objects.exists()


def test_the_services_refuse_a_non_author(personas, fever):
    with pytest.raises(ValidationError):
        glossary_term_delete(term=fever, user=personas.reviewer("ta", "native"))
    with pytest.raises(ValidationError):
        glossary_import_csv(text="source,target\nfever,x\n", target_language="ta", user=personas.publisher)
    assert GlossaryTerm.objects.get().target_term == "காய்ச்சல்"
