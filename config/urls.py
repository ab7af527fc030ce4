"""Root URLconf: the pages, the language switch, the admin, and the REST API (each app's router under /api/v1/)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import language_switch
from evaluation.views import HomeView

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("cities.api.urls")),
    path("", include("colleges.api.urls")),
    path("", include("enterprises.api.urls")),
    path("", include("partnerships.api.urls")),
    path("", include("evaluation.api.urls")),
]

handler404 = "common.api.exceptions.not_found"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("cities.urls")),
    path("", include("colleges.urls")),
    path("", include("enterprises.urls")),
    path("", include("partnerships.urls")),
    path("", include("evaluation.urls")),
    # Django's set_language, remembering the choice for a signed-in user too.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from its own URL: the Content-Security-Policy allows no
    # inline script. Its template keeps the page's few styles in a static file for the same reason.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api_docs.html"),
        name="api-docs",
    ),
]
