from django.db import models
from django.utils.translation import gettext_lazy as _


class SectorLevel(models.TextChoices):
    SECTION = "section", _("Section (门类)")
    DIVISION = "division", _("Division (大类)")
