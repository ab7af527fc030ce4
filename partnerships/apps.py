from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # Registers the app's rows of the permission matrix, and the panels it adds to the pages of postings.
        from partnerships import panels, permissions  # noqa: F401
