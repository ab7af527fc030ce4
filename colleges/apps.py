from django.apps import AppConfig


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = "Colleges"
