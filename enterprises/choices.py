from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseSize(models.TextChoices):
    """Size classes of the national statistical standard for enterprises (国统字〔2017〕213号)."""

    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class InvestmentPurpose(models.TextChoices):
    EQUIPMENT = "equipment", _("Training equipment")
    TRAINING_BASE = "training_base", _("Training base construction")
    SCHOLARSHIP = "scholarship", _("Scholarships and stipends")
    CURRICULUM = "curriculum", _("Curriculum and teaching materials")
    TEACHER_TRAINING = "teacher_training", _("Teacher training")
    RESEARCH = "research", _("Joint research")


class PostingKind(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FILLED = "filled", _("Filled")
