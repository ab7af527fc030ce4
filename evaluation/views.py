from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.permissions import may
from accounts.principals import principal_of
from accounts.selectors import notification_list
from common.views import (
    ObjectCreateView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    ReasonForm,
    StepForm,
)
from evaluation import services
from evaluation.choices import CertificationStatus
from evaluation.evidence import evidence_comparison, evidence_rows
from evaluation.filters import IncentiveFilterSet, IntegrationCertificationFilterSet
from evaluation.forms import MentorEvaluationForm, PartyRatingForm
from evaluation.selectors import (
    certification_evidence,
    city_overview_list,
    incentive_list,
    incentive_summary,
    integration_certification_list,
)
from evaluation.tables import IncentiveTable, IntegrationCertificationTable
from partnerships.selectors import agreement_list, placement_list


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
    """An enterprise's applications; for an official, the city's queue: the applications waiting for a decision
    (``status=applied`` unless the URL says otherwise; "All" shows every decision too)."""

    selector = integration_certification_list
    filterset_class = IntegrationCertificationFilterSet
    table_class = IntegrationCertificationTable
    template_name = "evaluation/integrationcertification_list.html"
    filter_fields = ("status", "applied_after", "applied_before")
    empty_text = _("No certification applications yet.")

    @property
    def is_queue(self) -> bool:
        return self.principal.role == Role.CITY_OFFICIAL

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()  # django-filter passes None for an empty query
        if self.is_queue and "status" not in data:
            data["status"] = CertificationStatus.APPLIED
            kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        apply_url = reverse("evaluation:integrationcertification_apply") if self.may("add") else ""
        return super().get_context_data(apply_url=apply_url, is_queue=self.is_queue, **kwargs)


class IncentiveListView(ObjectListView):
    """The incentive each enterprise of the city can expect as a certified integration enterprise, with the city's
    total (``incentive_list`` and ``incentive_summary``, as the API reads them)."""

    selector = incentive_list
    filterset_class = IncentiveFilterSet
    table_class = IncentiveTable
    template_name = "evaluation/incentive_list.html"
    filter_fields = ("q", "certified")
    empty_text = _("No enterprises match.")

    def rule(self, kind):
        # Incentives are rows of enterprises, so their rules are named after that model (evaluation/permissions.py).
        return f"enterprises.{kind}_incentive_enterprise"

    def get_context_data(self, **kwargs):
        may_sum = may(self.request.user, "enterprises.view_incentive_summary_enterprise")
        summaries = incentive_summary(principal=self.principal) if may_sum else ()
        return super().get_context_data(title=gettext("Incentives"), summaries=summaries, **kwargs)


class IntegrationCertificationView(ObjectView):
    selector = integration_certification_list
    list_url_name = "evaluation:integrationcertification_list"

    def get_context_data(self, **kwargs):
        earlier = (
            integration_certification_list(principal=self.principal)
            .filter(enterprise_id=self.record.enterprise_id)
            .exclude(pk=self.record.pk)
        )
        steps = services.certification_open_steps(certification=self.record, principal=self.principal)
        return super().get_context_data(
            evidence=evidence_rows(self.record.evidence), earlier_applications=earlier, steps=steps, **kwargs
        )


class CertificationDecisionView(ObjectStepView):
    """An official's decision on a certification, taken with the evidence in view: as the enterprise's data stood
    when it applied, beside what they show now."""

    selector = integration_certification_list
    list_url_name = "evaluation:integrationcertification_list"
    template_name = "evaluation/integrationcertification_step.html"
    step_record = "certification"

    def get_context_data(self, **kwargs):
        now = certification_evidence(enterprise_id=self.record.enterprise_id)
        return super().get_context_data(evidence=evidence_comparison(self.record.evidence, now), **kwargs)


class CertificationCertifyView(CertificationDecisionView):
    rule_kind = "certify"
    service = services.certification_certify
    title = _("Certify the enterprise")
    explanation = _(
        "The enterprise becomes a certified industry–education integration enterprise: its investments in education "
        "from today count towards its incentive. It is told at once."
    )
    done_message = _("Certified: the enterprise is told.")


class CertificationRejectView(CertificationDecisionView):
    rule_kind = "reject"
    service = services.certification_reject
    form_class = ReasonForm
    title = _("Reject the application")
    explanation = _("The enterprise is told the reason, and may apply again later.")
    irreversible = True
    done_message = _("Rejected: the enterprise is told the reason.")


class CertificationRevokeView(CertificationDecisionView):
    rule_kind = "revoke"
    service = services.certification_revoke
    form_class = ReasonForm
    title = _("Revoke the certification")
    explanation = _(
        "The enterprise is no longer a certified integration enterprise and its incentive stops. It is told the "
        "reason, and may apply again later."
    )
    irreversible = True
    done_message = _("Revoked: the enterprise is told the reason.")


class IntegrationCertificationApplyView(ObjectCreateView):
    """The enterprise applies with the evidence its data show today, which the page shows before it confirms."""

    selector = integration_certification_list
    list_url_name = "evaluation:integrationcertification_list"
    form_class = StepForm
    template_name = "evaluation/integrationcertification_apply.html"

    def create(self, form):
        return services.certification_apply(principal=self.principal)

    def success_message(self, record):
        return gettext("Applied: the city's officials are told, and you will be told of their decision.")

    def breadcrumbs(self):
        return [*super().breadcrumbs()[:-1], (gettext("Apply for certification"), "")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = gettext("Apply for certification")
        context["evidence"] = evidence_rows(certification_evidence(enterprise_id=self.principal.enterprise_id))
        return context


class MentorEvaluationCreateView(ObjectStepView):
    """A mentor of the host enterprise evaluates the intern of a placement for one month (the API's service)."""

    selector = placement_list
    list_url_name = "partnerships:placement_list"
    template_name = "generic/object_edit.html"
    step_record = "placement"
    service = services.mentor_evaluation_create
    form_class = MentorEvaluationForm
    title = _("Evaluate the intern")
    done_message = _("The evaluation is recorded; it counts towards the student's talent score.")

    def rule(self, kind):
        # An evaluation is a record of its own, added on the placement's page by a mentor of the host enterprise.
        return "evaluation.add_mentorevaluation"


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
