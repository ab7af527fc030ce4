"""The signed-in user's own pages: their notifications (the bell), their saved views of the lists, their settings
(language, notifications by email) and the language switcher, which remembers the choice for them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from django.views.i18n import set_language
from django_htmx.http import HttpResponseClientRedirect

from accounts import services
from accounts.filters import NotificationFilterSet
from accounts.forms import AccountSettingsForm
from accounts.principals import principal_of
from accounts.selectors import notification_list, notification_preferences, saved_view_list
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


class AccountSettingsView(LoginRequiredMixin, FormView):
    """Your language and how each kind of notification reaches you by email. With htmx the form is saved in place,
    and the whole page reloads only when the language changed (everything on it then reads differently)."""

    form_class = AccountSettingsForm
    template_name = "accounts/settings.html"

    def get_template_names(self):
        return ["accounts/settings_form.html"] if self.request.htmx else [self.template_name]

    def get_initial(self):
        user = self.request.user
        return {"language": user.language or translation.get_language(), **notification_preferences(user_id=user.pk)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Settings"), breadcrumbs=[(_("Home"), reverse("home")), (_("Settings"), "")], **kwargs
        )

    def form_valid(self, form):
        user = self.request.user
        language = form.cleaned_data["language"]
        changed = language != translation.get_language()
        with transaction.atomic():
            services.user_language_set(user=user, language=language)
            services.notification_preferences_set(user=user, deliveries=form.deliveries())
        if self.request.htmx and not changed:
            return self.render_to_response(self.get_context_data(form=form, saved=True))
        translation.activate(language)
        messages.success(self.request, _("Your settings are saved."))
        url = reverse("account_settings")
        response = HttpResponseClientRedirect(url) if self.request.htmx else HttpResponseRedirect(url)
        # As the switcher does, so that the browser keeps the language after signing out.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


def language_switch(request):
    """Django's ``set_language`` (the language in a cookie, back to ``next``), which also remembers the language
    for a signed-in user: their pages follow it on any browser, and their emails."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_language_set(user=request.user, language=language)
    return response
