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
