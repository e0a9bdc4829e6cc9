from django.urls import path

from translations import views

urlpatterns = [
    path("leaflets/draft/", views.draft_new, name="draft_new"),
    path("leaflets/<int:leaflet_id>/draft/", views.draft_existing, name="draft_existing"),
    path("leaflets/<int:leaflet_id>/translate/", views.translate, name="translate"),
    path("leaflets/<int:leaflet_id>/files/", views.leaflet_exchange, name="leaflet_exchange"),
    path("leaflets/<int:leaflet_id>/files/export/", views.leaflet_export_file, name="leaflet_export_file"),
    path("leaflets/<int:leaflet_id>/files/import/", views.leaflet_import_file, name="leaflet_import_file"),
    path("leaflets/<int:leaflet_id>/files/word/", views.leaflet_docx_export_file, name="leaflet_docx_export"),
    path("leaflets/<int:leaflet_id>/files/word/import/", views.leaflet_docx_import_file, name="leaflet_docx_import"),
    path("leaflets/from-word/", views.leaflet_docx_new, name="leaflet_docx_new"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="job_retry"),
    path("translate/<int:text_version_id>/", views.translation_screen, name="translation_screen"),
    path(
        "translate/<int:text_version_id>/segments/<uuid:key>/",
        views.translation_segment_save,
        name="translation_segment_save",
    ),
    path("translate/<int:text_version_id>/claim/", views.translation_claim_take, name="translation_claim"),
    path("translate/<int:text_version_id>/release/", views.translation_claim_drop, name="translation_release"),
    path("translate/<int:text_version_id>/ready/", views.translation_ready, name="translation_ready"),
    path("reconcile/<int:text_version_id>/", views.reconcile, name="reconcile"),
    path("reconcile/<int:text_version_id>/version/", views.reconcile_write, name="reconcile_write"),
    path("glossary/", views.glossary_index, name="glossary_index"),
    path("memory/export/", views.memory_export_file, name="memory_export_file"),
    path("memory/import/", views.memory_import_file, name="memory_import_file"),
    path("glossary/<str:lang>/", views.glossary_language, name="glossary_language"),
    path("glossary/<str:lang>/<int:term_id>/", views.glossary_language, name="glossary_term"),
]
