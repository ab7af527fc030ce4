from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.permissions import may
from accounts.principals import Principal, principal_of
from accounts.selectors import notification_list
from colleges.academic_year import academic_year
from colleges.choices import TALENT_BAND_STUDENTS, StudentStatus, TalentBand
from common.charts import MIN_GROUP, Chart, Point, Series, fewer_than
from common.templatetags.platform import cny
from common.views import (
    ChartExportMixin,
    ObjectCreateView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    StepForm,
)
from enterprises.models import Enterprise
from evaluation import services
from evaluation.choices import CertificationStatus, HealthBand
from evaluation.filters import IntegrationCertificationFilterSet
from evaluation.forms import MentorEvaluationForm, PartyRatingForm
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation
from evaluation.selectors import (
    certification_evidence,
    city_comparison,
    city_overview_list,
    enterprise_sector_demand,
    final_year_placement,
    health_band_counts,
    integration_certification_list,
    intern_counts,
    mentor_evaluation_means,
    own_enterprise,
    program_talent_list,
)
from evaluation.tables import IntegrationCertificationTable
from partnerships.choices import PlacementStatus
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
# Dashboards of one's own: a college's or an enterprise's figures beside its city's
# ------------------------------------------------------------------------------
def student_point(value, students: int) -> Point:
    """A figure over ``students`` students, to one decimal: suppressed when they are fewer than ``MIN_GROUP`` (and
    not none at all), so that no figure points at a person."""
    if 0 < students < MIN_GROUP:
        return Point(value=None, suppressed=True)
    return Point(value=None if value is None else round(float(value), 1))


def figure(point: Point, digits: int = 1) -> str:
    """A figure as a chart's summary reads it: none is "—", a suppressed one says why it is not shown."""
    if point.suppressed:
        return gettext("not shown (fewer than %(count)s students)") % {"count": MIN_GROUP}
    if point.value is None:
        return "—"
    return number_format(point.value, digits)


def percent(point: Point) -> str:
    return f"{figure(point)}%" if point.value is not None else figure(point)


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, to one decimal (None when there is no whole)."""
    return round(100 * part / whole, 1) if whole else None


def link(url_name: str, **query) -> str:
    return f"{reverse(url_name)}?{urlencode(query)}" if query else reverse(url_name)


@dataclass(frozen=True)
class Panel:
    """A chart of a dashboard with what it means in plain words and links to the rows behind its figures."""

    chart: Chart
    note: str
    links: list[tuple[str, str]] = field(default_factory=list)


class OwnDashboardView(LoginRequiredMixin, ChartExportMixin, TemplateView):
    """A college's or an enterprise's own dashboard: its figures from its current scores and its register, beside
    the city's from the city's last successful scoring run (only as city-wide figures). A city official has the
    city's dashboard instead; the charts are ``charts()``, each with its table on the page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if self.principal.role == Role.CITY_OFFICIAL:
                # The city's dashboard is an official's home page.
                return redirect("home")
            if not may(request.user, "evaluation.view_own_dashboard"):
                raise PermissionDenied(gettext("The dashboard is a college's or an enterprise's own."))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def principal(self) -> Principal:
        return principal_of(self.request.user)

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            breadcrumbs=[(gettext("Home"), reverse("home")), (gettext("Dashboard"), "")],
            panels=self.panels,
            as_of=self.comparison["as_of"],
            **kwargs,
        )
        if not self.is_college:
            context["enterprise"] = enterprise = self.enterprise
            evidence = {key: getattr(enterprise, key) for key in EVIDENCE}
            # Counts of interns are figures over students, suppressed on this page like its charts'.
            for key in ("interns_hosted", "interns_hired"):
                if student_point(evidence[key], evidence[key]).suppressed:
                    evidence[key] = fewer_than()
            context["evidence"] = evidence_rows(evidence)
            status = enterprise.certification_status
            context["certification_status"] = CertificationStatus(status).label if status else ""
        return context

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
            % {
                name: figure(student_point(interns[name], interns[name]), digits=0)
                for name in ("active", "completed", "hired")
            },
            categories=[label for label, _query in kinds.values()],
            series=[Series(gettext("Interns"), [student_point(interns[name], interns[name]) for name in kinds])],
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
                "students": figure(student_point(means["students"], means["students"]), digits=0),
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
