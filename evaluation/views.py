import itertools
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.permissions import may
from accounts.principals import principal_of
from accounts.selectors import notification_list
from colleges.academic_year import academic_year
from common.charts import MIN_GROUP, Chart, Point, Series, fewer_than
from common.templatetags.platform import cny
from common.views import (
    ObjectCreateView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    PageMixin,
    StepForm,
)
from evaluation import services
from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand
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
from evaluation.filters import IntegrationCertificationFilterSet
from evaluation.forms import CityDashboardFilterForm, MentorEvaluationForm, PartyRatingForm
from evaluation.scoring.aggregates import TALENT_BINS
from evaluation.selectors import (
    certification_evidence,
    city_aggregate_list,
    city_overview_list,
    integration_certification_list,
)
from evaluation.tables import AtRiskAgreementTable, AtRiskStudentTable, IntegrationCertificationTable
from partnerships.choices import AgreementKind
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


class CityDashboardView(PageMixin, TemplateView):
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
        trend = self.dashboard.trend(AggregateDimension.HEALTH_CELL)
        return Chart(
            key="health-trend",
            kind="line",
            title=gettext("Mean partnership health over the year"),
            summary=_trend_summary(trend),
            categories=[date_format(day, "Y-m") for day, _, _ in trend],
            series=[Series(gettext("Mean health"), [Point(_rounded(mean)) for _, _, mean in trend])],
            y_title=gettext("score"),
            link=self.list_link("partnerships:cooperationagreement_list", kind=self.filters.kind),
            notes=[gettext("One point per monthly scoring run of the academic year.")],
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
            Series(gettext("Cohort %(year)s") % {"year": cohort}, [_students(count) for count in counts])
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
        trend = self.dashboard.trend(AggregateDimension.TALENT_CELL)
        return Chart(
            key="talent-trend",
            kind="line",
            title=gettext("Mean talent score over the year"),
            summary=_trend_summary(trend),
            categories=[date_format(day, "Y-m") for day, _, _ in trend],
            series=[
                Series(
                    gettext("Mean talent score"),
                    [
                        Point(None, suppressed=True) if count < MIN_GROUP else Point(_rounded(mean))
                        for _, count, mean in trend
                    ],
                )
            ],
            y_title=gettext("score"),
            link=self.list_link("colleges:student_list"),
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
                Series(gettext("Short of practice hours"), [_students(row["short_hours"]) for row in rows]),
                Series(gettext("Without a certificate"), [_students(row["no_certificate"]) for row in rows]),
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
            series=[Series(gettext("Students"), [_students(funnel[step]) for step in labels])],
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
    """A bar chart of mean health per group, with how many agreements each mean is over."""
    return Chart(
        key=key,
        kind="bar",
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


def _trend_summary(trend) -> str:
    means = [mean for _, count, mean in trend if mean is not None and count >= MIN_GROUP]
    if len(means) < 2:
        return gettext("Not enough monthly runs yet for a trend.")
    return gettext("From %(first)s to %(last)s over %(runs)s monthly runs.") % {
        "first": _rounded(means[0]),
        "last": _rounded(means[-1]),
        "runs": len(means),
    }


def _students(count: int) -> Point:
    """A count of students: suppressed when 1 to 4 (zero identifies no one)."""
    return Point(None, suppressed=True) if 0 < count < MIN_GROUP else Point(count)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
