from django.apps import AppConfig


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = "Cities and shared vocabularies"
