from django.views.generic import TemplateView

from evaluation.selectors import city_overview_list


class HomeView(TemplateView):
    """The public landing page: what the platform is and each pilot city at a glance."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cities=city_overview_list(), **kwargs)
