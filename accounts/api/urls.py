from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import views

router = SimpleRouter()
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path(
        "me/notification-preferences/", views.NotificationPreferencesView.as_view(), name="me-notification-preferences"
    ),
    path("me/language/", views.LanguageView.as_view(), name="me-language"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    *router.urls,
]
