"""The user admin, and how the other apps' admins find a membership by its user."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, NotificationPreference, SavedView, User
from accounts.principals import MEMBERSHIPS, organisation_of
from accounts.services import membership_check, membership_create
from common.admin import ReadOnlyMixin

# Memberships (college staff, enterprise staff, city officials) are found by their user's names.
MEMBER_SEARCH_FIELDS = tuple(f"user__{field}" for field in DjangoUserAdmin.search_fields)


class MembershipForm(forms.ModelForm):
    """A membership (college staff, enterprise staff, city official) edited on its own page or inline: a user given
    one must belong to no organisation yet, and a new one is saved by ``membership_create``."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("user") is not None and "user" in self.changed_data:
            try:
                membership_check(user=cleaned_data["user"])
            except ValidationError as refusal:
                self.add_error(None, refusal)
        return cleaned_data

    def save(self, commit=True):
        membership = super().save(commit=False)
        if commit:  # inline; the membership's own page saves in MembershipAdmin.save_model
            if membership._state.adding:
                membership_create(membership=membership)
            else:
                membership.save()
        return membership


class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            membership_create(membership=obj)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (*DjangoUserAdmin.list_display, "organisation")
    list_select_related = tuple(f"{membership}__{organisation}" for membership, organisation in MEMBERSHIPS.items())
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language",)}))

    @admin.display(description=_("organisation"))
    def organisation(self, user):
        return organisation_of(user)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "email_status", "emailed_at")
    list_select_related = ("recipient",)
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter), "email_status")
    search_fields = ("title", "recipient__username", "recipient__email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)


@admin.register(SavedView)
class SavedViewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A user's saved views of the lists: read-only here, the user keeps them on the list pages."""

    list_display = ["name", "user", "page", "created_at"]
    search_fields = ["name", "user__username"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """How users take each kind of notification by email: read-only here, each user chooses on their settings page."""

    list_display = ["user", "kind", "delivery"]
    list_select_related = ["user"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__username"]
