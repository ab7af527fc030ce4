"""Root URLconf: the pages, the admin, and the REST API (each app's router under /api/v1/)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

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
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
