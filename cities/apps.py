from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Cities and shared vocabularies")

    def ready(self):
        from cities import permissions  # noqa: F401  (registers the app's rows of the permission matrix)
