from django.apps import AppConfig


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = "Colleges"

    def ready(self):
        from colleges import permissions  # noqa: F401  (registers the app's rows of the permission matrix)
