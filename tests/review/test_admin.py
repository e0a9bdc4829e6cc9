"""The Django admin is another way in; it cannot approve, publish, apply a suggestion or rewrite history."""

from review.models import Approval, AuditEvent, Publication, Suggestion


def test_the_admin_offers_no_way_to_add_or_change_approvals_publications_or_audit(client, approved_leaflet, personas):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", None)
    client.force_login(admin)
    approval = Approval.objects.first()

    assert client.get("/admin/review/approval/add/").status_code == 403
    assert client.get("/admin/review/publication/add/").status_code == 403
    response = client.post(f"/admin/review/approval/{approval.pk}/change/", {"content_hash": "0" * 64})
    assert response.status_code == 403
    response = client.post(f"/admin/review/auditevent/{AuditEvent.objects.first().pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Approval.objects.get(pk=approval.pk).content_hash != "0" * 64
    assert not Publication.objects.exists()


def test_an_admin_sees_which_groups_review_a_language(client, personas):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root2", "root2@example.invalid", None)
    client.force_login(admin)
    response = client.get("/admin/workbench/language/ta/permissions/")
    assert response.status_code == 200
    assert "Tamil clinicians" in response.content.decode()
    assert client.get("/admin/review/auditevent/?q=Symptoms").status_code == 200


def test_the_admin_lists_suggestions_but_cannot_add_decide_or_delete_them(client, translated_leaflet, personas):
    from django.contrib.auth import get_user_model

    from review.suggestions import suggestion_create
    from tests.conftest import text_of
    from translations.models import TargetSegment

    chinese = text_of(translated_leaflet, "zh")
    segment = TargetSegment.objects.get(text_version=chinese, position=1)
    suggestion = suggestion_create(
        text_version=chinese,
        segment_key=segment.key,
        text="这些症状您有多久了？",
        reviewer=personas.reviewer("zh", "native"),
        expected_seq=segment.edit_seq,
    )
    admin = get_user_model().objects.create_superuser("root3", "root3@example.invalid", None)
    client.force_login(admin)

    assert client.get("/admin/review/suggestion/").status_code == 200
    assert client.get(f"/admin/review/suggestion/{suggestion.pk}/change/").status_code == 200  # read-only view
    assert client.get("/admin/review/suggestion/add/").status_code == 403
    changed = client.post(f"/admin/review/suggestion/{suggestion.pk}/change/", {"state": "accepted"})
    deleted = client.post(f"/admin/review/suggestion/{suggestion.pk}/delete/", {"post": "yes"})

    assert (changed.status_code, deleted.status_code) == (403, 403)
    row = Suggestion.objects.get(pk=suggestion.pk)
    assert (row.state, row.decided_by) == ("open", None)
    assert TargetSegment.objects.get(pk=segment.pk).text == segment.text
