"""Everything under /api/: each app's API beside its views, the token endpoints, the schema and its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from workbench import api_token_views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's start-up script as a file: the site's CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("tokens/", api_token_views.TokenListCreate.as_view(), name="api_tokens"),
    path("tokens/<int:token_id>/", api_token_views.TokenRevoke.as_view(), name="api_token_revoke"),
    path("", include("workbench.api")),
    path("", include("translations.api")),
    path("", include("review.api")),
]
