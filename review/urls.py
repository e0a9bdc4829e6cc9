from django.urls import path

from review import report_views, views

urlpatterns = [
    path("review/<int:text_version_id>/", views.review_screen, name="review_screen"),
    path("review/<int:text_version_id>/segments/<uuid:key>/", views.segment_edit, name="segment_edit"),
    path("review/<int:text_version_id>/segments/", views.segment_save_all, name="segment_save_all"),
    path("review/<int:text_version_id>/decision/", views.decision, name="review_decision"),
    path("review/<int:text_version_id>/segments/<uuid:key>/suggest/", views.suggestion_add, name="suggestion_add"),
    path(
        "review/<int:text_version_id>/suggestions/<int:suggestion_id>/",
        views.suggestion_decide,
        name="suggestion_decide",
    ),
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
    # Problem reports: the readers' form (public, no login) and the staff queue.
    path("p/<int:leaflet_id>/<str:lang>/report/", report_views.problem_report, name="problem_report"),
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/<int:report_id>/", report_views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/acknowledge/", report_views.report_acknowledge, name="report_acknowledge"),
    path("reports/<int:report_id>/fixed/", report_views.report_mark_fixed, name="report_mark_fixed"),
    path("reports/<int:report_id>/dismiss/", report_views.report_dismiss, name="report_dismiss"),
    path("reports/<int:report_id>/withdraw/", report_views.report_withdraw, name="report_withdraw"),
]
