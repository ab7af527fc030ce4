from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # Registers the app's rows of the permission matrix, the receivers that keep scores current, and the
        # panels it adds to the pages of programs, students, agreements and placements.
        from evaluation import panels, permissions, signals  # noqa: F401
