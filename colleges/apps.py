from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = _("Colleges")

    def ready(self):
        from colleges import permissions  # noqa: F401  (registers the app's rows of the permission matrix)
