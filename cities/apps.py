from django.apps import AppConfig


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = "Cities and shared vocabularies"

    def ready(self):
        from cities import permissions  # noqa: F401  (registers the app's rows of the permission matrix)
