from django.urls import path

from review import views

urlpatterns = [
    path("review/<int:text_version_id>/", views.review_screen, name="review_screen"),
    path("review/<int:text_version_id>/segments/<uuid:key>/", views.segment_edit, name="segment_edit"),
    path("review/<int:text_version_id>/decision/", views.decision, name="review_decision"),
    path(
        "review/<int:text_version_id>/requests/<int:approval_id>/withdraw/",
        views.withdraw_request,
        name="review_withdraw_request",
    ),
    path("review/<int:text_version_id>/findings/<int:finding_id>/override/", views.override, name="finding_override"),
    path("review/<int:text_version_id>/comments/", views.comment, name="review_comment"),
    path("leaflets/<int:leaflet_id>/publish/", views.publish_screen, name="publish_screen"),
    path(
        "leaflets/<int:leaflet_id>/publications/<int:publication_id>/withdraw/",
        views.withdraw,
        name="publication_withdraw",
    ),
    path("leaflets/<int:leaflet_id>/audit/", views.audit_list, name="audit_list"),
    path("leaflets/<int:leaflet_id>/audit.csv", views.audit_csv, name="audit_csv"),
]
