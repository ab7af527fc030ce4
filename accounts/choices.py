from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification tells its recipient about."""

    AGREEMENT_PROPOSED = "agreement_proposed", _("An agreement was proposed to you")
    AGREEMENT_COUNTERSIGNED = "agreement_countersigned", _("Your proposal was countersigned")
    AGREEMENT_DECLINED = "agreement_declined", _("Your proposal was declined")
    AMENDMENT_PROPOSED = "amendment_proposed", _("An amendment was proposed to you")
    AMENDMENT_DECIDED = "amendment_decided", _("Your amendment was approved or declined")
    AGREEMENT_ENDED = "agreement_ended", _("An agreement was completed or terminated")
    AGREEMENT_RENEWED = "agreement_renewed", _("An agreement was renewed")
    APPLICATION_RECEIVED = "application_received", _("A student applied to your posting")
    OFFER_MADE = "offer_made", _("An enterprise made an offer")
    OFFER_ANSWERED = "offer_answered", _("A student accepted or declined your offer")
    APPLICATION_DECIDED = "application_decided", _("An application was rejected or closed")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("A college withdrew an application to your posting")
    PLACEMENT_ENDED = "placement_ended", _("A placement was completed or cancelled")
    CERTIFICATION_APPLIED = "certification_applied", _("An enterprise applied for certification")
    CERTIFICATION_DECIDED = "certification_decided", _("A certification was granted, refused or revoked")
    ALLOCATION_ROUND_OPENED = "allocation_round_opened", _("An allocation round you take part in opened")
    ALLOCATION_ROUND_PUBLISHED = "allocation_round_published", _("An allocation round you take part in was published")


class Role(models.TextChoices):
    """What a signed-in person acts as; it follows from their membership, never from a field they can set."""

    ANONYMOUS = "anonymous", _("Anonymous")
    COLLEGE_STAFF = "college_staff", _("College staff")
    ENTERPRISE_STAFF = "enterprise_staff", _("Enterprise staff")
    CITY_OFFICIAL = "city_official", _("City official")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")


class EmailDelivery(models.TextChoices):
    """Whether a kind of notification also comes by email, and when."""

    IMMEDIATELY = "immediately", _("By email as it happens")
    DAILY = "daily", _("In one daily email")
    NEVER = "never", _("Only in the app")


class EmailStatus(models.TextChoices):
    """What became of a notification's email."""

    PENDING = "pending", _("To be sent")
    SENT = "sent", _("Sent")
    DIGEST = "digest", _("Sent in the daily email")
    NOT_SENT = "not_sent", _("Not sent")
