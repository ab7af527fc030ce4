from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.principals import principal_of
from accounts.selectors import notification_list
from common.templatetags.platform import cny
from common.views import (
    ObjectCreateView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    RecordMixin,
    StepForm,
)
from evaluation import services
from evaluation.choices import RunTrigger
from evaluation.filters import IntegrationCertificationFilterSet, ScoringModelFilterSet, ScoringRunFilterSet
from evaluation.forms import MentorEvaluationForm, PartyRatingForm
from evaluation.scoring.runs import UNDER_WAY, scoring_run_start
from evaluation.selectors import (
    certification_evidence,
    city_overview_list,
    integration_certification_list,
    scoring_model_list,
    scoring_run_list,
)
from evaluation.tables import IntegrationCertificationTable, ScoringModelTable, ScoringRunTable
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
    selector = integration_certification_list
    filterset_class = IntegrationCertificationFilterSet
    table_class = IntegrationCertificationTable
    template_name = "evaluation/integrationcertification_list.html"
    empty_text = _("No certification applications yet.")

    def get_context_data(self, **kwargs):
        apply_url = reverse("evaluation:integrationcertification_apply") if self.may("add") else ""
        return super().get_context_data(apply_url=apply_url, **kwargs)


# What the city weighs when it decides on a certification (``certification_evidence``), in the order it is shown.
EVIDENCE = {
    "active_agreements": _("Cooperation agreements in force"),
    "completed_agreements": _("Cooperation agreements completed"),
    "interns_hosted": _("Interns and apprentices hosted"),
    "interns_hired": _("Interns hired afterwards"),
    "co_built_training_bases": _("Training bases co-built with a college"),
    "investment_count": _("Investments in education recorded"),
    "investment_total": _("Total invested in education"),
}


def evidence_rows(evidence: dict) -> list[tuple[str, str]]:
    """(label, value) of each figure of ``evidence``, as recorded with an application or computed today."""
    return [
        (label, cny(Decimal(evidence[key])) if key == "investment_total" else evidence[key])
        for key, label in EVIDENCE.items()
        if key in evidence
    ]


class IntegrationCertificationView(ObjectView):
    selector = integration_certification_list
    list_url_name = "evaluation:integrationcertification_list"

    def get_context_data(self, **kwargs):
        earlier = (
            integration_certification_list(principal=self.principal)
            .filter(enterprise_id=self.record.enterprise_id)
            .exclude(pk=self.record.pk)
        )
        return super().get_context_data(
            evidence=evidence_rows(self.record.evidence), earlier_applications=earlier, **kwargs
        )


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


# ------------------------------------------------------------------------------
# Scoring runs and the versions of the scores' weights (docs/scoring.md)
# ------------------------------------------------------------------------------
class ScoringRunListView(ObjectListView):
    selector = scoring_run_list
    filterset_class = ScoringRunFilterSet
    filter_fields = ("state", "trigger")
    table_class = ScoringRunTable
    template_name = "evaluation/scoringrun_list.html"
    add_url_name = "evaluation:scoringrun_start"
    empty_text = _("No runs yet: the scores are computed every night, or when you start a run.")


class ScoringRunProgress:
    """What a run's page and its progress fragment show: whether it is still under way, so the fragment polls."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(under_way=self.record.state in UNDER_WAY, **kwargs)


class ScoringRunView(ScoringRunProgress, ObjectView):
    selector = scoring_run_list
    list_url_name = "evaluation:scoringrun_list"


class ScoringRunProgressView(ScoringRunProgress, RecordMixin, TemplateView):
    """The run's progress alone, which its page asks for every two seconds while the run is under way; once it
    has finished, the fragment comes without the polling attributes, so the asking stops."""

    selector = scoring_run_list
    template_name = "evaluation/includes/scoringrun_progress.html"

    def get(self, request, *args, **kwargs):
        self.require("view", self.record)
        return super().get(request, *args, **kwargs)


class ScoringRunStartView(ObjectCreateView):
    """An official recomputes their city's scores now, with the current versions of the weights (the API's
    service); refused while a run of the city is under way."""

    selector = scoring_run_list
    list_url_name = "evaluation:scoringrun_list"
    form_class = StepForm
    template_name = "evaluation/scoringrun_start.html"

    def create(self, form):
        return scoring_run_start(
            city_id=self.principal.city_id, trigger=RunTrigger.MANUAL, requested_by_id=self.principal.user_id
        )

    def success_message(self, record):
        return gettext("The run is started: its page shows its progress until it has finished.")

    def breadcrumbs(self):
        return [*super().breadcrumbs()[:-1], (gettext("Start a scoring run"), "")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = gettext("Start a scoring run")
        return context


class ScoringModelListView(ObjectListView):
    selector = scoring_model_list
    filterset_class = ScoringModelFilterSet
    filter_fields = ("kind",)
    table_class = ScoringModelTable
    template_name = "evaluation/scoringmodel_list.html"
    empty_text = _("No versions yet: the first run makes version 1 of each score from the documented defaults.")
