from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common.views import ObjectListView, ObjectView
from evaluation.filters import IntegrationCertificationFilterSet
from evaluation.selectors import city_overview_list, integration_certification_list
from evaluation.tables import IntegrationCertificationTable


class HomeView(TemplateView):
    """The public landing page: what the platform is and each pilot city at a glance."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cities=city_overview_list(), **kwargs)


class IntegrationCertificationListView(ObjectListView):
    selector = integration_certification_list
    filterset_class = IntegrationCertificationFilterSet
    table_class = IntegrationCertificationTable
    empty_text = _("No certification applications yet.")


class IntegrationCertificationView(ObjectView):
    selector = integration_certification_list
    list_url_name = "evaluation:integrationcertification_list"
