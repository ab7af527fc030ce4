"""Root URLconf: the home page, the admin, and each app's pages and API."""

from django.contrib import admin
from django.urls import path

from evaluation.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
]
