"""The Django admin is another way in; it cannot approve, publish or rewrite history."""

from review.models import Approval, AuditEvent, Publication


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
