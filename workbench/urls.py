from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workbench import api_token_views, patient_views, source_views, views
from workbench.health import healthz

# Unmatched addresses under /api/ answer JSON (workbench.http.page_not_found).
handler404 = "workbench.http.page_not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Before the include: also stores the choice as the logged-in user's preference.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("workbench.api_urls")),
    path("account/tokens/", api_token_views.token_page, name="api_token_page"),
    path("", views.home, name="home"),
    path("leaflets/", views.leaflet_list, name="leaflet_list"),
    path("leaflets/new/", views.leaflet_create, name="leaflet_create"),
    path("leaflets/<int:leaflet_id>/", views.leaflet_detail, name="leaflet_detail"),
    path("leaflets/<int:leaflet_id>/edit/", views.leaflet_edit, name="leaflet_edit"),
    path("leaflets/<int:leaflet_id>/revisions/", views.revision_list, name="revision_list"),
    path("leaflets/<int:leaflet_id>/compare/", views.revision_compare, name="revision_compare"),
    path("leaflets/<int:leaflet_id>/conflict/<int:number>/", views.revision_conflict, name="revision_conflict"),
    path("dashboard/", views.quality_dashboard, name="quality_dashboard"),
    path("dashboard/routing/<str:language>/bounds/", views.dashboard_routing_bounds, name="dashboard_routing_bounds"),
    path("dashboard/routing/<str:language>/apply/", views.dashboard_route_apply, name="dashboard_route_apply"),
    path("dashboard/evaluations/<str:language>/", views.dashboard_evaluate, name="dashboard_evaluate"),
    # The patient page: public, no login.
    path("p/<int:leaflet_id>/<str:lang>/", patient_views.public_leaflet, name="public_leaflet"),
    path("p/<int:leaflet_id>/<str:lang>/print.pdf", patient_views.public_leaflet_pdf, name="public_leaflet_pdf"),
    # What a printout's QR code carries: that publication, so an old print learns it was replaced.
    path(
        "p/<int:leaflet_id>/<str:lang>/<int:publication_id>/",
        patient_views.public_leaflet_version,
        name="public_leaflet_version",
    ),
    path("", include("review.urls")),
    path("", include("translations.urls")),
]

# Trusted sources (grounded drafting).
urlpatterns += [
    path("sources/", source_views.source_list, name="source_list"),
    path("sources/new/", source_views.source_add, name="source_add"),
    path("sources/suggest/", source_views.source_suggest, name="source_suggest"),
    path("sources/<int:source_id>/", source_views.source_detail, name="source_detail"),
    path("sources/<int:source_id>/confirm/", source_views.source_confirm, name="source_confirm"),
    path("sources/<int:source_id>/retire/", source_views.source_retire, name="source_retire"),
]
