"""The signed-in user's own pages: their notifications (the bell) and their saved views of the lists."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from accounts import services
from accounts.filters import NotificationFilterSet
from accounts.principals import principal_of
from accounts.selectors import notification_list, saved_view_list
from accounts.tables import NotificationTable
from common.links import page_link
from common.views import ObjectListView


class NotificationListView(ObjectListView):
    """Your notifications, newest first; opening one marks it read and leads to the page of what it is about."""

    selector = notification_list
    filterset_class = NotificationFilterSet
    table_class = NotificationTable
    template_name = "accounts/notification_list.html"

    def get_table_kwargs(self):
        return {
            "empty_text": _(
                "No notifications. When a partner proposes, countersigns, applies or answers, you are told here."
            )
        }


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one notification read and go to the page of what it is about (or back to the list)."""

    def get(self, request, pk):
        notification = get_object_or_404(notification_list(principal=principal_of(request.user)), pk=pk)
        services.notification_mark_read(notification=notification)
        link = page_link(notification.subject_model, notification.subject_id)
        return HttpResponseRedirect(link or reverse("notifications"))


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        marked = services.notification_mark_all_read(user_id=request.user.pk)
        messages.success(request, _("%(count)d notifications marked as read.") % {"count": marked})
        return HttpResponseRedirect(reverse("notifications"))


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if allowed and target.startswith("/") else fallback


class SavedViewCreateView(LoginRequiredMixin, View):
    """Save the filters of the list the form was on under a name; back to that list, now showing the view."""

    def post(self, request):
        back = _safe_next(request)
        try:
            saved = services.saved_view_create(
                user=request.user,
                page=request.POST.get("page", ""),
                name=request.POST.get("name", ""),
                query=request.POST.get("query", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(back)
        messages.success(request, _("View “%(name)s” saved.") % {"name": saved.name})
        return HttpResponseRedirect(back)


class SavedViewDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        saved = get_object_or_404(saved_view_list(principal=principal_of(request.user)), pk=pk)
        services.saved_view_delete(saved_view=saved)
        messages.success(request, _("View “%(name)s” deleted.") % {"name": saved.name})
        return HttpResponseRedirect(_safe_next(request))
