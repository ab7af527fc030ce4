"""The user admin, and the pieces the other apps' admins share."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User

# Memberships (college staff, enterprise staff, city officials) are found by their user's names.
MEMBER_SEARCH_FIELDS = tuple(f"user__{field}" for field in DjangoUserAdmin.search_fields)

# Each user acts for at most one organisation, through one of these memberships.
MEMBERSHIPS = {"college_membership": "college", "enterprise_membership": "enterprise", "city_membership": "city"}


class SelectRelatedMixin:
    """Applies ``list_select_related`` to every queryset of the admin, not only to the changelist.

    For admins whose ``__str__`` reads related rows, so that autocomplete results do not query once per row.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (*DjangoUserAdmin.list_display, "organisation")
    list_select_related = tuple(f"{membership}__{organisation}" for membership, organisation in MEMBERSHIPS.items())

    @admin.display(description=_("organisation"))
    def organisation(self, user):
        for membership, organisation in MEMBERSHIPS.items():
            if hasattr(user, membership):
                return getattr(getattr(user, membership), organisation)
        return None
