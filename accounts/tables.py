import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification
from common.tables import PlatformTable, YesNoColumn


class NotificationTable(PlatformTable):
    title = tables.Column(
        linkify=lambda record: ("notification_open", [record.pk]), attrs={"a": {"class": "notification-title"}}
    )
    kind = tables.Column()
    created_at = tables.DateTimeColumn(verbose_name=_("When"), short=False)
    read_at = YesNoColumn(verbose_name=_("Read"), yesno=(_("Read"), _("Unread")))

    class Meta(PlatformTable.Meta):
        model = Notification
        fields = ("title", "kind", "created_at", "read_at")
        row_attrs = {"class": lambda record: "" if record.read_at else "unread"}
