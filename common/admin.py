from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.permissions import may
from accounts.principals import principal_of
from common.exceptions import BusinessRuleViolation


class SelectRelatedMixin:
    """Applies ``list_select_related`` to every queryset of the admin, not only to the changelist.

    For admins whose ``__str__`` reads related rows, so that autocomplete results do not query once per row.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class ReadOnlyMixin:
    """For rows that only the platform's services write (versions, approvals, notifications): shown, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def apply_workflow_step(
    model_admin: admin.ModelAdmin, request, queryset: QuerySet, step: Callable, *, rule: str, **inputs
) -> None:
    """An admin action: take the workflow ``step`` (a service such as ``posting_close``) on each selected row that
    the platform's ``rule`` lets the admin act on, each in its own transaction, and report what was done and what
    was refused, with the service's reason. The row is passed under its model's name (``posting=``)."""
    principal = principal_of(request.user)
    done = 0
    for record in queryset.order_by("pk"):
        if not may(request.user, rule, record):
            model_admin.message_user(
                request, _("%(record)s: you may not do this.") % {"record": record}, messages.ERROR
            )
            continue
        try:
            step(**{record._meta.model_name: record}, principal=principal, **inputs)
        except (BusinessRuleViolation, ValidationError) as refusal:
            reasons = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
            model_admin.message_user(request, f"{record}: {' '.join(reasons)}", messages.WARNING)
        else:
            done += 1
    if done:
        model_admin.message_user(
            request, ngettext("Done for %(count)d row.", "Done for %(count)d rows.", done) % {"count": done}
        )
