"""What the layout shows on every page: the role's menu, the organisation acted for, and the unread count."""

from django.urls import reverse

from accounts.principals import organisation_of, principal_of
from accounts.selectors import unread_notification_count
from common.navigation import MENUS


def layout(request) -> dict:
    principal = principal_of(getattr(request, "user", None))
    if not principal.is_authenticated:
        return {}
    path = request.path
    menu = []
    for url_name, label, description in MENUS.get(principal.role, []):
        url = reverse(url_name)
        menu.append({"url": url, "label": label, "description": description, "current": path.startswith(url)})
    # Counted once per request: each table rendered by {% render_table %} runs the context processors again.
    if not hasattr(request, "unread_notifications"):
        request.unread_notifications = unread_notification_count(principal=principal)
    return {
        "menu": menu,
        "organisation": organisation_of(request.user),
        "unread_notifications": request.unread_notifications,
    }
