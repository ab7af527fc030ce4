from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from accounts.permissions import may
from accounts.principals import principal_of
from accounts.selectors import notification_list
from common.views import ObjectListView, ObjectView, RecordMixin, ServiceFormMixin
from evaluation.filters import IntegrationCertificationFilterSet
from evaluation.forms import MentorEvaluationForm
from evaluation.selectors import city_overview_list, integration_certification_list
from evaluation.services import mentor_evaluation_create
from evaluation.tables import IntegrationCertificationTable
from partnerships.selectors import placement_list


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


class MentorEvaluationCreateView(ServiceFormMixin, RecordMixin, FormView):
    """A mentor of the host enterprise evaluates the intern of a placement for one month (the API's service)."""

    selector = placement_list
    list_url_name = "partnerships:placement_list"
    form_class = MentorEvaluationForm

    def dispatch(self, request, *args, **kwargs):
        signed_in = request.user.is_authenticated and self.principal.is_authenticated
        if signed_in and not may(request.user, "evaluation.add_mentorevaluation"):
            raise PermissionDenied(_("Only a mentor on the staff of the host enterprise evaluates its interns."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": self.principal}

    def perform(self, form):
        return mentor_evaluation_create(principal=self.principal, placement=self.record, **form.changes())

    def success_url_for(self, record):
        return reverse("partnerships:placement_detail", args=[self.record.pk])

    def success_message(self, record):
        return _("The evaluation is recorded; it counts towards the student's talent score.")

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (_("Evaluate the intern"), "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Evaluate the intern"), **kwargs)
