import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.permissions import may
from accounts.principals import principal_of
from accounts.selectors import notification_list
from colleges.academic_year import academic_year
from colleges.choices import TALENT_BAND_STUDENTS, StudentStatus, TalentBand
from colleges.selectors import college_list
from common.charts import MIN_GROUP, Chart, Point, Series, counted, fewer_than, figure, percent, share, student_point
from common.templatetags.platform import cny
from common.views import (
    ChartExportMixin,
    ObjectCreateView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    PageMixin,
    ReasonForm,
    RecordMixin,
    StepForm,
)
from enterprises.models import Enterprise
from evaluation import services
from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand, RunTrigger
from evaluation.dashboard import (
    APPLIES,
    COLLEGE,
    KIND,
    SECTOR,
    YEAR,
    CityDashboard,
    DashboardFilters,
    city_dashboard,
    dashboard_at_risk_agreements,
    dashboard_at_risk_students,
)
from evaluation.evidence import EVIDENCE, evidence_comparison, evidence_rows
from evaluation.filters import (
    IncentiveFilterSet,
    IntegrationCertificationFilterSet,
    ScoringModelFilterSet,
    ScoringRunFilterSet,
)
from evaluation.forms import CityDashboardFilterForm, MentorEvaluationForm, PartyRatingForm
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation
from evaluation.scoring.aggregates import TALENT_BINS
from evaluation.scoring.runs import UNDER_WAY, scoring_run_start
from evaluation.selectors import (
    certification_evidence,
    city_aggregate_list,
    city_comparison,
    city_overview_list,
    enterprise_sector_demand,
    final_year_placement,
    health_band_counts,
    incentive_list,
    incentive_summary,
    integration_certification_list,
    intern_counts,
    mentor_evaluation_means,
    own_enterprise,
    program_talent_list,
    scoring_model_list,
    scoring_run_list,
)
from evaluation.tables import (
    AtRiskAgreementTable,
    AtRiskStudentTable,
    IncentiveTable,
    IntegrationCertificationTable,
    ScoringModelTable,
    ScoringRunTable,
)
from partnerships.choices import AgreementKind, PlacementStatus
from partnerships.panels import college_enterprises, enterprise_programs
from partnerships.selectors import agreement_list, placement_list


class HomeView(TemplateView):
    """The landing page: for a visitor, what the platform is and each pilot city at a glance; for a member, where
    their work is (the role's menu, each entry with what it holds) and their latest unread notifications."""

    def get(self, request, *args, **kwargs):
        # A city official's home is the city dashboard.
        if principal_of(request.user).role == Role.CITY_OFFICIAL:
            return redirect("evaluation:city_dashboard")
        return super().get(request, *args, **kwargs)

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


# ------------------------------------------------------------------------------
# Dashboards of one's own: a college's or an enterprise's figures beside its city's
# ------------------------------------------------------------------------------
def link(url_name: str, **query) -> str:
    return f"{reverse(url_name)}?{urlencode(query)}" if query else reverse(url_name)


@dataclass(frozen=True)
class Panel:
    """A chart of a dashboard with what it means in plain words and links to the rows behind its figures."""

    chart: Chart
    note: str
    links: list[tuple[str, str]] = field(default_factory=list)


class OwnDashboardView(PageMixin, ChartExportMixin, TemplateView):
    """A college's or an enterprise's own dashboard: its figures from its current scores and its register, beside
    the city's from the city's last successful scoring run (only as city-wide figures). A city official has the
    city's dashboard instead; the charts are ``charts()``, each with its table on the page."""

    selector = city_aggregate_list

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if self.principal.role == Role.CITY_OFFICIAL:
                # The city's dashboard is an official's home page.
                return redirect("evaluation:city_dashboard")
            if not may(request.user, "evaluation.view_own_dashboard"):
                raise PermissionDenied(gettext("The dashboard is a college's or an enterprise's own."))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def comparison(self) -> dict:
        return city_comparison(principal=self.principal)

    @property
    def is_college(self) -> bool:
        return self.principal.role == Role.COLLEGE_STAFF

    def get_template_names(self):
        return ["evaluation/college_dashboard.html" if self.is_college else "evaluation/enterprise_dashboard.html"]

    @cached_property
    def panels(self) -> list[Panel]:
        if self.is_college:
            return [*self.talent_panels(), self.health_panel(), self.placement_panel(), self.stations_panel()]
        return [self.health_panel(), self.intern_panel(), self.evaluation_panel(), self.demand_panel()]

    def charts(self) -> list[Chart]:
        return [panel.chart for panel in self.panels]

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (gettext("Dashboard"), "")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            panels=self.panels,
            as_of=self.comparison["as_of"],
            recommendations=self.recommendations(),
            **kwargs,
        )
        if not self.is_college:
            context["enterprise"] = enterprise = self.enterprise
            evidence = {key: getattr(enterprise, key) for key in EVIDENCE}
            # Counts of interns are figures over students, suppressed on this page like its charts'.
            for key in ("interns_hosted", "interns_hired"):
                if counted(evidence[key]).suppressed:
                    evidence[key] = fewer_than()
            context["evidence"] = evidence_rows(evidence)
            status = enterprise.certification_status
            context["certification_status"] = CertificationStatus(status).label if status else ""
        return context

    def recommendations(self) -> list[dict]:
        """The partners recommended to the organisation (partnerships.panels), under its own figures."""
        if self.is_college:
            college = college_list(principal=self.principal).get(pk=self.principal.college_id)
            return [college_enterprises(college, self.principal)]
        # Each recommended program names its college; the enterprise's own page lists the colleges as well.
        return [enterprise_programs(self.enterprise, self.principal)]

    # -- both -------------------------------------------------------------------------------------------------------
    def health_panel(self) -> Panel:
        own = health_band_counts(principal=self.principal)
        city = self.comparison["health_bands"]
        own_total, city_total = sum(own.values()), sum(city.values())
        bands = HealthBand.choices
        summary = gettext(
            "Your agreements with a health figure: %(agreements)s, of which %(at_risk)s at risk and %(healthy)s "
            "healthy. In the city, %(city_at_risk)s of the agreements are at risk."
        ) % {
            "agreements": own_total,
            "at_risk": own[HealthBand.AT_RISK],
            "healthy": own[HealthBand.HEALTHY],
            "city_at_risk": percent(Point(share(city[HealthBand.AT_RISK], city_total))),
        }
        chart = Chart(
            key="health",
            kind="bar",
            title=gettext("Your agreements by health band, against the city"),
            summary=summary,
            categories=[label for _band, label in bands],
            series=[
                Series(gettext("Your agreements"), [Point(share(own[band], own_total)) for band, _ in bands]),
                Series(gettext("The city's agreements"), [Point(share(city[band], city_total)) for band, _ in bands]),
            ],
            unit="%",
            x_title=gettext("Health band"),
            y_title=gettext("Share of the agreements"),
            link=reverse("partnerships:cooperationagreement_list"),
        )
        note = gettext(
            "Each active or completed agreement's health is scored from 0 to 100 on commitments kept, milestones on "
            "time, both sides' satisfaction, recent activity, reciprocity and outcomes: 70 and above is healthy, "
            "below 50 at risk. Start with the agreements at risk."
        )
        links = [
            (f"{label} ({own[band]})", link("partnerships:cooperationagreement_list", health_band=band))
            for band, label in bands
        ]
        return Panel(chart, note, links)

    # -- a college --------------------------------------------------------------------------------------------------
    def talent_panels(self) -> list[Panel]:
        programs = list(program_talent_list(principal=self.principal))
        scored = sum(program["scored"] for program in programs)
        names = [program["program__name"] for program in programs]
        mean = Chart(
            key="talent-mean",
            kind="bar",
            title=gettext("Mean talent score by program"),
            summary=gettext("%(students)s students of %(programs)s programs have a talent score.")
            % {"students": scored if scored >= MIN_GROUP or not scored else fewer_than(), "programs": len(programs)},
            categories=names,
            series=[
                Series(
                    gettext("Mean talent score"),
                    [student_point(program["mean_score"], program["scored"]) for program in programs],
                )
            ],
            x_title=gettext("Program"),
            y_title=gettext("Mean score (0–100)"),
            link=link("colleges:student_list", talent_band=TalentBand.LOW),
        )
        bands = [band for band in TALENT_BAND_STUDENTS if band != TalentBand.UNSCORED]
        spread = Chart(
            key="talent-bands",
            kind="stacked_bar",
            title=gettext("Students by talent band and program"),
            summary=gettext("How many of each program's scored students score 80 and above, 60 to 80, or below 60."),
            categories=names,
            series=[
                Series(
                    band.label,
                    [student_point(program[f"band_{band}"], program["scored"]) for program in programs],
                )
                for band in bands
            ],
            unit=gettext("students"),
            x_title=gettext("Program"),
            y_title=gettext("Students"),
            link=reverse("colleges:student_list"),
        )
        note = gettext(
            "A student's talent score (0–100) weighs practice hours against the program's requirement, 1+X "
            "certificates, mentors' evaluations and the placement's outcome. Programs with fewer than 5 scored "
            "students are not shown, so that no figure points at a student."
        )
        links = [
            (
                gettext("%(program)s: students below 60") % {"program": program["program__name"]},
                link("colleges:student_list", program=program["program_id"], talent_band=TalentBand.LOW),
            )
            for program in programs
        ]
        return [Panel(mean, note, links), Panel(spread, note)]

    def placement_panel(self) -> Panel:
        day = self.comparison["as_of"] or timezone.localdate()
        own = final_year_placement(principal=self.principal, day=day)
        city_rate, city_students = self.comparison["placement_rate"], self.comparison["final_year_students"]
        own_point = student_point(share(own["placed"], own["students"]), own["students"])
        city_point = student_point(None if city_rate is None else 100 * city_rate, city_students)
        chart = Chart(
            key="placement",
            kind="bar",
            title=gettext("Placement rate of final-year students, against the city"),
            summary=gettext(
                "Share of your final-year students with a placement under way or completed on %(day)s: %(rate)s; "
                "the city's: %(city_rate)s."
            )
            % {"day": date_format(day), "rate": percent(own_point), "city_rate": percent(city_point)},
            categories=[gettext("Your college"), gettext("The city")],
            series=[Series(gettext("Placement rate"), [own_point, city_point])],
            unit="%",
            y_title=gettext("Final-year students placed"),
            link=link("colleges:student_list", placed="false", status=StudentStatus.ENROLLED),
        )
        note = gettext(
            "The share of students in the last year of their program with a placement that had started by the day "
            "of the city's last scoring run and was not cancelled. The link lists your enrolled students without one."
        )
        return Panel(chart, note)

    def stations_panel(self) -> Panel:
        # Per 100 students: a college has a fraction of a station per student, which one decimal would blur.
        own, city = (
            None if ratio is None else 100 * ratio
            for ratio in (self.comparison["own_stations_per_student"], self.comparison["stations_per_student"])
        )
        own_point, city_point = student_point(own, self.comparison["own_enrolled_students"]), student_point(city, 0)
        gini = self.comparison["stations_gini"]
        chart = Chart(
            key="stations",
            kind="bar",
            title=gettext("Training stations per 100 enrolled students, against the city"),
            summary=gettext(
                "Your college has %(own)s training stations per 100 enrolled students; the city, %(city)s."
            )
            % {"own": figure(own_point), "city": figure(city_point)},
            categories=[gettext("Your college"), gettext("The city")],
            series=[Series(gettext("Stations per 100 students"), [own_point, city_point])],
            y_title=gettext("Stations per 100 enrolled students"),
            link=link("partnerships:trainingbase_list", host_college=self.principal.college_id),
            notes=[
                gettext("Gini coefficient across the city's colleges: %(gini)s (0 is an even spread).")
                % {"gini": number_format(gini, 2)}
            ]
            if gini is not None
            else [],
        )
        note = gettext(
            "The stations of the training bases your college hosts or co-built, and its share of the off-campus bases "
            "its agreements in force use, per enrolled student, as of the city's last scoring run; the city's is over "
            "all its colleges with students."
        )
        return Panel(chart, note)

    # -- an enterprise ----------------------------------------------------------------------------------------------
    @cached_property
    def enterprise(self) -> Enterprise:
        return own_enterprise(principal=self.principal)

    def intern_panel(self) -> Panel:
        interns = intern_counts(principal=self.principal)
        kinds = {
            "active": (gettext("Under way"), {"status": PlacementStatus.ACTIVE}),
            "completed": (gettext("Completed"), {"status": PlacementStatus.COMPLETED}),
            "hired": (gettext("Hired after their placement"), {"hired_after": "true"}),
            "cancelled": (gettext("Cancelled"), {"status": PlacementStatus.CANCELLED}),
            "evaluated": (gettext("Evaluated by a mentor"), {}),
        }
        chart = Chart(
            key="interns",
            kind="bar",
            title=gettext("Your interns"),
            summary=gettext(
                "Interns with a placement under way: %(active)s; completed: %(completed)s; hired: %(hired)s."
            )
            % {name: figure(counted(interns[name]), digits=0) for name in ("active", "completed", "hired")},
            categories=[label for label, _query in kinds.values()],
            series=[Series(gettext("Interns"), [counted(interns[name]) for name in kinds])],
            unit=gettext("students"),
            y_title=gettext("Interns"),
            link=reverse("partnerships:placement_list"),
            empty_text=gettext("No interns yet: they appear here once a student's placement with you starts."),
        )
        note = gettext(
            "Each student counts once per line, whatever the number of their placements with you. Counts of fewer "
            "than 5 students are not shown, so that no figure points at a student."
        )
        links = [(label, link("partnerships:placement_list", **query)) for label, query in kinds.values() if query]
        return Panel(chart, note, links)

    def evaluation_panel(self) -> Panel:
        means = mentor_evaluation_means(principal=self.principal)
        chart = Chart(
            key="evaluations",
            kind="bar",
            title=gettext("Your mentors' evaluations of interns"),
            summary=gettext(
                "Evaluations: %(evaluations)s; interns evaluated: %(students)s. Each criterion is marked from 1 to 5."
            )
            % {
                "evaluations": figure(student_point(means["evaluations"], means["students"]), digits=0),
                "students": figure(counted(means["students"]), digits=0),
            },
            categories=[
                str(MentorEvaluation._meta.get_field(name).verbose_name).capitalize() for name in RUBRIC_FIELDS
            ],
            series=[
                Series(gettext("Mean mark"), [student_point(means[name], means["students"]) for name in RUBRIC_FIELDS])
            ],
            y_title=gettext("Mean mark (1–5)"),
            link=link("partnerships:placement_list", status=PlacementStatus.ACTIVE),
            empty_text=gettext("No evaluations yet: your mentors evaluate interns from their placement's page."),
        )
        note = gettext(
            "The mean of your mentors' monthly marks over all your interns, per criterion of the rubric; they count "
            "towards the students' talent scores. Evaluate the interns of placements under way from their page."
        )
        return Panel(chart, note)

    def demand_panel(self) -> Panel:
        year = academic_year(self.comparison["as_of"] or timezone.localdate()) + 1
        sectors = list(enterprise_sector_demand(principal=self.principal, enterprise=self.enterprise, year=year))
        city = [self.comparison["supply_demand"].get(sector.code, {}) for sector in sectors]
        chart = Chart(
            key="demand",
            kind="bar",
            title=gettext("Graduates against demand in your sectors, %(year)s") % {"year": year},
            summary=gettext(
                "In each of your sectors: the city's final-year students whose programs aim at it, the headcount the "
                "city's enterprises want to hire in %(year)s, and your own part of it."
            )
            % {"year": year},
            categories=[str(sector) for sector in sectors],
            series=[
                Series(
                    gettext("Graduates of the city"),
                    [student_point(row.get("supply"), row.get("students", 0)) for row in city],
                ),
                Series(gettext("Demand of the city's enterprises"), [Point(row.get("demand")) for row in city]),
                Series(gettext("Your demand"), [Point(int(sector.headcount)) for sector in sectors]),
            ],
            unit=gettext("people"),
            x_title=gettext("Sector"),
            y_title=gettext("People"),
            link=link("enterprises:talentdemand_list", year=year),
        )
        note = gettext(
            "A program aimed at several sectors counts its students in each in equal parts. Where graduates are fewer "
            "than the demand, colleges' programs lag your industry: consider an order class or an apprenticeship."
        )
        links = [
            (
                gettext("Programs aimed at %(sector)s") % {"sector": sector},
                link("colleges:program_list", sector=sector.code),
            )
            for sector in sectors
        ]
        return Panel(chart, note, links)


class CityDashboardView(PageMixin, ChartExportMixin, TemplateView):
    """A city official's home: the figures of the city's scoring runs (evaluation/dashboard.py) in panels of
    charts, each with its table, what it means and the rows behind it, and the at-risk lists; filtered by GET."""

    selector = city_aggregate_list
    template_name = "evaluation/city_dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "evaluation.view_city_dashboard"):
            raise PermissionDenied(_("The city dashboard is for the city's officials."))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def form(self) -> CityDashboardFilterForm:
        return CityDashboardFilterForm(self.request.GET, principal=self.principal, request=self.request)

    @cached_property
    def filters(self) -> DashboardFilters:
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        college = cleaned.get("college")
        return DashboardFilters(
            academic_year=cleaned.get("academic_year") or None,
            college_id=college.pk if college else None,
            sector=cleaned.get("sector", ""),
            kind=cleaned.get("kind", ""),
        )

    @cached_property
    def dashboard(self) -> CityDashboard:
        return city_dashboard(principal=self.principal, filters=self.filters)

    @cached_property
    def sector_names(self) -> dict[str, str]:
        field = "zh" if get_language().startswith("zh") else "en"
        return {code: names[field] for code, names in self.dashboard.sector_names().items()}

    def get_context_data(self, **kwargs):
        self.form.offer_choices(
            years=sorted({academic_year(run.as_of) for run in self.dashboard.runs}, reverse=True),
            sectors={code: f"{code} {name}" for code, name in self.sector_names.items()},
        )
        dashboard = self.dashboard
        return super().get_context_data(
            title=gettext("City dashboard"),
            fewer_than=fewer_than(),
            form=self.form,
            dashboard=dashboard,
            kpis=self.kpis(),
            panels=self.panels(),
            at_risk_agreements=AtRiskAgreementTable(
                dashboard_at_risk_agreements(principal=self.principal, filters=self.filters),
                principal=self.principal,
            ),
            at_risk_students=AtRiskStudentTable(
                dashboard_at_risk_students(principal=self.principal, filters=self.filters), principal=self.principal
            ),
            at_risk_links=self.at_risk_links(),
            applies={name: self.applied(filters) for name, filters in APPLIES.items()},
            **kwargs,
        )

    # ---- what the filters are ----
    def applied(self, names: tuple[str, ...]) -> str:
        """Which filters a panel follows, in words."""
        labels = {YEAR: _("academic year"), COLLEGE: _("college"), SECTOR: _("sector"), KIND: _("agreement kind")}
        return gettext("Filters applied: %(filters)s.") % {"filters": ", ".join(str(labels[name]) for name in names)}

    def list_link(self, name: str, **query) -> str:
        """A list page with the dashboard's college (and kind) filters carried over, and ``query``."""
        if self.filters.college_id:
            query.setdefault("college", self.filters.college_id)
        return f"{reverse(name)}?{urlencode({key: value for key, value in query.items() if value})}"

    # ---- KPI cards ----
    def kpis(self) -> list[dict]:
        """Each card: its label, value, change against the previous monthly run, what it means and its rows."""
        board = self.dashboard
        now, before = board.now, board.before
        has_before = board.previous is not None
        colleges, colleges_before = board.colleges(now), board.colleges(before)
        enterprises, enterprises_before = board.enterprises(now), board.enterprises(before)
        health, health_before = board.health(now), board.health(before)
        talent, talent_before = board.talent(now), board.talent(before)
        funnel, funnel_before = board.funnel(now), board.funnel(before)
        agreements = self.list_link("partnerships:cooperationagreement_list", kind=self.filters.kind)

        def card(label, value, previous, note, link="", *, percent=False, students=None, students_before=None):
            suppressed = students is not None and students < MIN_GROUP
            was_suppressed = students_before is not None and students_before < MIN_GROUP
            change = None
            if has_before and not suppressed and not was_suppressed and value is not None and previous is not None:
                change = value - previous
            return {
                "label": label,
                "value": None if suppressed else value,
                "suppressed": suppressed,
                "percent": percent,
                "change": change,
                "note": note,
                "link": link,
            }

        cards = [
            card(
                _("Colleges"),
                colleges["colleges"],
                colleges_before["colleges"],
                _("Colleges of the city."),
                self.list_link("colleges:program_list"),
            ),
            card(
                _("Programs"),
                colleges["programs"],
                colleges_before["programs"],
                _("Majors the colleges run."),
                self.list_link("colleges:program_list"),
            ),
            card(
                _("Students"),
                colleges["students"],
                colleges_before["students"],
                _("Students enrolled."),
                self.list_link("colleges:student_list", status="enrolled"),
            ),
            card(
                _("Enterprises"),
                enterprises["enterprises"],
                enterprises_before["enterprises"],
                _("Enterprises registered in the city."),
                "",
            ),
            card(
                _("Certified integration enterprises"),
                enterprises["certified"],
                enterprises_before["certified"],
                _("Enterprises the city has certified, on the run's date."),
                reverse("evaluation:integrationcertification_list") + "?status=certified",
            ),
        ]
        in_force_now = board.health_by(1)
        in_force_before = board.health_by(1, before)
        for kind, label in AgreementKind.choices:
            if self.filters.kind and kind != self.filters.kind:
                continue
            cards.append(
                card(
                    gettext("Active agreements: %(kind)s") % {"kind": label},
                    in_force_now.get(kind, {}).get("in_force", 0),
                    in_force_before.get(kind, {}).get("in_force", 0),
                    _("Agreements in force on the run's date."),
                    self.list_link("partnerships:cooperationagreement_list", kind=kind, status="active"),
                )
            )
        cards += [
            card(
                _("Slots posted"),
                enterprises["slots"],
                enterprises_before["slots"],
                _("Internship and apprenticeship places posted for the academic year."),
                reverse("partnerships:posting_list"),
            ),
            card(
                _("Slots filled"),
                enterprises["filled"],
                enterprises_before["filled"],
                _("Of those places, how many have an accepted student."),
                reverse("partnerships:posting_list"),
            ),
            card(
                _("Placement rate"),
                _percent(colleges["rate"]),
                _percent(colleges_before["rate"]),
                _("Final-year students with a placement under way or done."),
                self.list_link("colleges:student_list", placed="false"),
                percent=True,
                students=colleges["final_year"],
                students_before=colleges_before["final_year"],
            ),
            card(
                _("Interns hired after placement"),
                funnel["hired"],
                funnel_before["hired"],
                _("Completed placements that ended in a job offer taken."),
                self.list_link("partnerships:placement_list", status="completed"),
                # The hires are the group: none hired identifies no one.
                students=funnel["hired"] or None,
                students_before=funnel_before["hired"] or None,
            ),
            card(
                _("Mean partnership health"),
                _rounded(health["mean"]),
                _rounded(health_before["mean"]),
                _("The mean health score (0–100) of the agreements scored."),
                agreements,
            ),
            card(
                _("Mean talent score"),
                _rounded(talent["mean"]),
                _rounded(talent_before["mean"]),
                _("The mean talent score (0–100) of the students scored."),
                self.list_link("colleges:student_list"),
                students=talent["scored"],
                students_before=talent_before["scored"],
            ),
        ]
        return cards

    # ---- the panels' charts ----
    def panels(self) -> dict[str, list[Chart]]:
        return {
            "health": [
                self.health_bands(),
                self.health_trend(),
                self.health_by_kind(),
                self.health_by_sector(),
                self.health_weakest_colleges(),
            ],
            "talent": [self.talent_distribution(), self.talent_trend(), self.program_shortfalls()],
            "alignment": [self.sector_alignment()],
            "resources": [self.lorenz_curve(), self.fewest_stations()],
            "certification": [self.certification_pipeline()],
            "funnel": [self.placement_funnel()],
        }

    def charts(self) -> list[Chart]:
        """Every chart of the page, with the filters applied (for the exports)."""
        return [chart for charts in self.panels().values() for chart in charts]

    def health_bands(self) -> Chart:
        health = self.dashboard.health(self.dashboard.now)
        bands = health["bands"]
        at_risk = bands.get(HealthBand.AT_RISK, 0)
        return Chart(
            key="health-bands",
            kind="pie",
            title=gettext("Agreements by health band"),
            summary=gettext("%(at_risk)s of %(total)s agreements are at risk.")
            % {"at_risk": at_risk, "total": sum(bands.values())},
            categories=[label for _, label in HealthBand.choices],
            series=[Series(gettext("Agreements"), [Point(bands.get(band, 0)) for band in HealthBand.values])],
            unit=gettext("agreements"),
            link=self.list_link(
                "partnerships:cooperationagreement_list", health_band=HealthBand.AT_RISK, kind=self.filters.kind
            ),
            notes=[
                gettext(
                    "Each agreement in force is scored 0–100 every month from commitments kept, milestones, "
                    "satisfaction, activity, reciprocity and outcomes; the band says where it stands."
                )
            ],
        )

    def health_trend(self) -> Chart:
        return _trend_chart(
            "health-trend",
            gettext("Mean partnership health over the year"),
            gettext("Mean health"),
            self.dashboard.trend(AggregateDimension.HEALTH_CELL),
            self.list_link("partnerships:cooperationagreement_list", kind=self.filters.kind),
            students=False,
        )

    def health_by_kind(self) -> Chart:
        groups = self.dashboard.health_by(1)
        labels = dict(AgreementKind.choices)
        return _mean_chart(
            "health-kind",
            gettext("Mean partnership health by agreement kind"),
            [(labels.get(kind, kind), group) for kind, group in groups.items()],
            self.list_link("partnerships:cooperationagreement_list"),
            gettext("Which forms of cooperation work best in the city."),
        )

    def health_by_sector(self) -> Chart:
        groups = self.dashboard.health_by(0)
        return _mean_chart(
            "health-sector",
            gettext("Mean partnership health by the enterprise's sector"),
            [(f"{code} {self.sector_names.get(code, '')}".strip(), group) for code, group in groups.items()],
            self.list_link("partnerships:cooperationagreement_list", kind=self.filters.kind),
            gettext("Sectors whose enterprises cooperate less well with colleges."),
        )

    def health_weakest_colleges(self) -> Chart:
        rows = self.dashboard.city_details("health_weakest_colleges").get("rows", [])
        return Chart(
            key="health-college",
            kind="horizontal_bar",
            title=gettext("Colleges with the weakest partnership health"),
            summary=gettext("The %(count)s colleges whose agreements have the lowest mean health.")
            % {"count": len(rows)},
            categories=[row["label"] for row in rows],
            series=[Series(gettext("Mean health"), [Point(_rounded(row["value"])) for row in rows])],
            link=reverse("partnerships:cooperationagreement_list") + f"?health_band={HealthBand.AT_RISK}",
            notes=[gettext("Where the city could help colleges run their partnerships better.")],
        )

    def talent_distribution(self) -> Chart:
        talent = self.dashboard.talent(self.dashboard.now)
        edges = (0, *TALENT_BINS, 100)
        categories = [f"{low}–{high}" for low, high in itertools.pairwise(edges)]
        series = [
            Series(gettext("Cohort %(year)s") % {"year": cohort}, [counted(count) for count in counts])
            for cohort, counts in talent["cohorts"].items()
        ]
        return Chart(
            key="talent-distribution",
            kind="stacked_bar",
            title=gettext("Talent scores by cohort"),
            summary=(
                gettext("%(count)s students scored; mean score %(mean)s.")
                % {"count": talent["scored"], "mean": _rounded(talent["mean"])}
                if talent["scored"] >= MIN_GROUP
                else gettext("Fewer than %(count)s students scored: their figures are not shown.")
                % {"count": MIN_GROUP}
            ),
            categories=categories,
            series=series,
            x_title=gettext("score"),
            unit=gettext("students"),
            link=self.list_link("colleges:student_list"),
            notes=[
                gettext(
                    "How many students of each cohort fall in each fifth of the talent score; the score "
                    "weighs practice hours, certificates, mentor evaluations and placements."
                )
            ],
        )

    def talent_trend(self) -> Chart:
        return _trend_chart(
            "talent-trend",
            gettext("Mean talent score over the year"),
            gettext("Mean talent score"),
            self.dashboard.trend(AggregateDimension.TALENT_CELL),
            self.list_link("colleges:student_list"),
            students=True,
        )

    def program_shortfalls(self) -> Chart:
        rows = self.dashboard.shortfalls()
        return Chart(
            key="talent-shortfall",
            kind="horizontal_bar",
            title=gettext("Programs whose final-year students fall short"),
            summary=gettext(
                "The programs with the largest share of final-year students short of the practice "
                "hours or the 1+X certificate the program requires."
            ),
            categories=[f"{row['label']} ({row['college']})" for row in rows],
            series=[
                Series(gettext("Share short (%)"), [Point(_percent(row["value"])) for row in rows]),
                Series(
                    gettext("Short of practice hours"),
                    [counted(row["short_hours"]) for row in rows],
                ),
                Series(
                    gettext("Without a certificate"),
                    [counted(row["no_certificate"]) for row in rows],
                ),
            ],
            link=self.list_link("colleges:program_list"),
            notes=[
                gettext("Only programs with at least %(count)s final-year students are ranked.") % {"count": MIN_GROUP}
            ],
        )

    def sector_alignment(self) -> Chart:
        rows = self.dashboard.alignment()
        star = gettext("priority")

        def name(row):
            label = f"{row['sector']} {self.sector_names.get(row['sector'], '')}".strip()
            return f"{label} ★ {star}" if row["priority"] else label

        largest = [name(row) for row in rows[:3] if row["gap"] > 0]
        return Chart(
            key="alignment",
            kind="bar",
            title=gettext("Graduates against demand, by sector"),
            summary=(gettext("The largest shortfalls of graduates: %(sectors)s.") % {"sectors": "; ".join(largest)})
            if largest
            else gettext("No sector lacks graduates."),
            categories=[name(row) for row in rows],
            series=[
                Series(
                    gettext("Graduates this year"),
                    [
                        Point(None, suppressed=True)
                        if 0 < row["students"] < MIN_GROUP
                        else Point(round(row["supply"], 1))
                        for row in rows
                    ],
                ),
                Series(gettext("Hires wanted"), [Point(row["demand"]) for row in rows]),
                Series(gettext("Slots posted"), [Point(row["slots"]) for row in rows]),
                Series(
                    gettext("Graduates per hire wanted"),
                    [
                        Point(None, suppressed=True)
                        if 0 < row["students"] < MIN_GROUP
                        else Point(None if row["ratio"] is None else round(row["ratio"], 2))
                        for row in rows
                    ],
                ),
            ],
            link=reverse("colleges:program_list"),
            notes=[
                gettext(
                    "Final-year students of the programs aimed at each sector (shared among a program's "
                    "sectors) against the hires its enterprises want when they graduate; ★ marks the city's "
                    "priority sectors. Sorted by the largest gap first."
                )
            ],
        )

    def lorenz_curve(self) -> Chart:
        stations = self.dashboard.stations()
        points = stations["points"]
        gini = stations["gini"]
        return Chart(
            key="lorenz",
            kind="lorenz",
            title=gettext("Training stations across colleges (Lorenz curve)"),
            summary=gettext("Gini coefficient %(gini)s over %(count)s colleges: 0 is an even spread, 1 all in one.")
            % {"gini": "—" if gini is None else f"{gini:.2f}", "count": stations["colleges"]},
            categories=[f"{x:.0%}" for x, _ in points],
            series=[
                Series(gettext("Share of stations"), [Point(round(y * 100, 1)) for _, y in points]),
                Series(gettext("Even spread"), [Point(round(x * 100, 1)) for x, _ in points]),
            ],
            unit="%",
            x_title=gettext("share of colleges, fewest stations per student first"),
            y_title=gettext("share of stations"),
            link=reverse("partnerships:trainingbase_list"),
            notes=[
                gettext(
                    "The further the curve sags below the even line, the more unevenly training stations are "
                    "spread among the colleges' students."
                )
            ],
        )

    def fewest_stations(self) -> Chart:
        rows = self.dashboard.stations()["fewest"]
        return Chart(
            key="stations",
            kind="horizontal_bar",
            title=gettext("Colleges with the fewest training stations per student"),
            summary=gettext("Where shared training bases would help most."),
            categories=[row["label"] for row in rows],
            series=[
                Series(
                    gettext("Stations per student"),
                    [
                        Point(None, suppressed=True) if row["count"] < MIN_GROUP else Point(round(row["value"], 3))
                        for row in rows
                    ],
                )
            ],
            link=reverse("partnerships:trainingbase_list"),
        )

    def certification_pipeline(self) -> Chart:
        statuses = self.dashboard.city_details("certifications")
        incentives = self.dashboard.city_details("incentives")
        estimated = incentives.get("estimated_incentive_sum") or "0"
        return Chart(
            key="certification",
            kind="bar",
            title=gettext("Certification of integration enterprises"),
            summary=gettext("%(certified)s certified; the incentives they imply come to %(amount)s.")
            % {"certified": statuses.get(CertificationStatus.CERTIFIED, 0), "amount": cny(Decimal(estimated))},
            categories=[label for _, label in CertificationStatus.choices],
            series=[
                Series(
                    gettext("Applications"), [Point(statuses.get(status, 0)) for status in CertificationStatus.values]
                )
            ],
            link=reverse("evaluation:integrationcertification_list"),
            notes=[
                gettext(
                    "The applications by their status on the run's date; the incentive is the city's rate "
                    "times what certified enterprises invested in education since."
                )
            ],
        )

    def placement_funnel(self) -> Chart:
        funnel = self.dashboard.funnel(self.dashboard.now)
        labels = {
            "applications": gettext("Applications"),
            "offers": gettext("Offers"),
            "placements": gettext("Placements"),
            "completed": gettext("Completed"),
            "hired": gettext("Hired"),
        }
        return Chart(
            key="funnel",
            kind="funnel",
            title=gettext("Placement funnel"),
            summary=gettext("From %(applications)s applications to %(hired)s hires.")
            % {"applications": funnel["applications"], "hired": funnel["hired"]},
            categories=list(labels.values()),
            series=[Series(gettext("Students"), [counted(funnel[step]) for step in labels])],
            link=self.list_link("partnerships:application_list"),
            notes=[gettext("Each step as it stood on the run's date.")],
        )

    def at_risk_links(self) -> dict[str, str]:
        return {
            "agreements": self.list_link(
                "partnerships:cooperationagreement_list", health_band=HealthBand.AT_RISK, kind=self.filters.kind
            ),
            "students": self.list_link("colleges:student_list", placed="false", status="enrolled"),
        }


def _mean_chart(key: str, title: str, groups: list[tuple[str, dict]], link: str, note: str) -> Chart:
    """A bar per group of its mean health, with how many agreements each mean is over; lying, since a group's name
    can be long (a sector's)."""
    return Chart(
        key=key,
        kind="horizontal_bar",
        title=title,
        summary=gettext("Mean health of the agreements scored, in %(count)s groups.") % {"count": len(groups)},
        categories=[name for name, _ in groups],
        series=[
            Series(gettext("Mean health"), [Point(_rounded(group["mean"])) for _, group in groups]),
            Series(gettext("Agreements scored"), [Point(group["scored"]) for _, group in groups]),
        ],
        link=link,
        notes=[note],
    )


def _trend_chart(key: str, title: str, name: str, trend, link: str, *, students: bool) -> Chart:
    """A line named ``name`` through the mean of each monthly run of the year (``trend``: its day, how many
    the mean is over and the mean); a mean over fewer than 5 students is suppressed."""
    points = [student_point(mean, count) if students else Point(_rounded(mean)) for _, count, mean in trend]
    return Chart(
        key=key,
        kind="line",
        title=title,
        summary=_trend_summary(trend),
        categories=[date_format(day, "Y-m") for day, _, _ in trend],
        series=[Series(name, points)],
        y_title=gettext("score"),
        link=link,
        notes=[gettext("One point per monthly scoring run of the academic year.")],
    )


def _trend_summary(trend) -> str:
    means = [mean for _, count, mean in trend if mean is not None and count >= MIN_GROUP]
    if len(means) < 2:
        return gettext("Not enough monthly runs yet for a trend.")
    return gettext("From %(first)s to %(last)s over %(runs)s monthly runs.") % {
        "first": _rounded(means[0]),
        "last": _rounded(means[-1]),
        "runs": len(means),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


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
