from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.principals import principal_of
from accounts.selectors import notification_list
from common.views import ObjectListView, ObjectView
from evaluation.filters import IntegrationCertificationFilterSet
from evaluation.selectors import city_overview_list, integration_certification_list
from evaluation.tables import IntegrationCertificationTable


class HomeView(TemplateView):
    """The landing page: for a visitor, what the platform is and each pilot city at a glance; for a member, where
    their work is (the role's menu, each entry with what it holds) and their latest unread notifications."""

    def get_template_names(self):
        return ["portal_home.html" if principal_of(self.request.user).is_authenticated else "home.html"]

    def get_context_data(self, **kwargs):
        principal = principal_of(self.request.user)
        if principal.is_authenticated:
            unread = notification_list(principal=principal).filter(read_at__isnull=True)[:5]
            return super().get_context_data(latest_notifications=unread, **kwargs)
        return super().get_context_data(cities=city_overview_list(), **kwargs)


class IntegrationCertificationListView(ObjectListView):
    selector = integration_certification_list
    filterset_class = IntegrationCertificationFilterSet
    table_class = IntegrationCertificationTable
    empty_text = _("No certification applications yet.")


class IntegrationCertificationView(ObjectView):
    selector = integration_certification_list
    list_url_name = "evaluation:integrationcertification_list"
