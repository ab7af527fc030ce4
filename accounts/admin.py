"""The user admin, and how the other apps' admins find a membership by its user."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, User
from common.admin import ReadOnlyMixin

# Memberships (college staff, enterprise staff, city officials) are found by their user's names.
MEMBER_SEARCH_FIELDS = tuple(f"user__{field}" for field in DjangoUserAdmin.search_fields)

# Each user acts for at most one organisation, through one of these memberships.
MEMBERSHIPS = {"college_membership": "college", "enterprise_membership": "enterprise", "city_membership": "city"}


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


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "emailed_at")
    list_select_related = ("recipient",)
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "recipient__username", "recipient__email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
