from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "Evaluation"

    def ready(self):
        # Registers the app's rows of the permission matrix, and the receivers that keep scores current.
        from evaluation import permissions, signals  # noqa: F401
