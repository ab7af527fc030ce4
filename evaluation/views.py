from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.principals import principal_of
from accounts.selectors import notification_list
from common.views import ObjectListView, ObjectStepView, ObjectView
from evaluation import services
from evaluation.filters import IntegrationCertificationFilterSet
from evaluation.forms import PartyRatingForm
from evaluation.selectors import city_overview_list, integration_certification_list
from evaluation.tables import IntegrationCertificationTable
from partnerships.selectors import agreement_list


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


class PartyRatingCreateView(ObjectStepView):
    """A party of an agreement rates the other for a month; the rating shows on the agreement's page."""

    selector = agreement_list
    list_url_name = "partnerships:cooperationagreement_list"
    step_record = "agreement"
    service = services.party_rating_create
    form_class = PartyRatingForm
    title = _("Rate the partner")
    explanation = _("From 1 (poor) to 5 (excellent), for one month of the agreement; once per month and side.")
    done_message = _("Your rating is recorded.")

    def rule(self, kind):
        # A rating is a record of its own, added on the agreement's page.
        return "evaluation.add_partyrating"
