from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from partnerships import permissions  # noqa: F401  (registers the app's rows of the permission matrix)
