from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = "Enterprises"

    def ready(self):
        from enterprises import permissions  # noqa: F401  (registers the app's rows of the permission matrix)
