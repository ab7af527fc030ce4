from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read-all/", views.NotificationReadAllView.as_view(), name="notifications_read_all"),
    path("notifications/<int:pk>/", views.NotificationOpenView.as_view(), name="notification_open"),
    path("settings/", views.AccountSettingsView.as_view(), name="account_settings"),
    path("saved-views/", views.SavedViewCreateView.as_view(), name="saved_view_create"),
    path("saved-views/<int:pk>/delete/", views.SavedViewDeleteView.as_view(), name="saved_view_delete"),
]
