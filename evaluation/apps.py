from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # Registers the app's rows of the permission matrix, and the receivers that keep scores current.
        from evaluation import permissions, signals  # noqa: F401
