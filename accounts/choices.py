from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in person acts as; it follows from their membership, never from a field they can set."""

    ANONYMOUS = "anonymous", _("Anonymous")
    COLLEGE_STAFF = "college_staff", _("College staff")
    ENTERPRISE_STAFF = "enterprise_staff", _("Enterprise staff")
    CITY_OFFICIAL = "city_official", _("City official")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
