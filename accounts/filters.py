from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from accounts.models import Notification
from common.filters import PlatformFilterSet


class NotificationFilterSet(PlatformFilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Unread"))

    class Meta:
        model = Notification
        fields = ["kind"]
