"""The pages of city allocation rounds (docs/matching.md, "Allocation rounds on the platform").

An official creates a round, sets it up (its window, the postings taking part with their slots, the colleges taking
part), opens it, fixes the problems the round reports, runs it once its window has closed (the page follows the task's
progress), reviews the draft and publishes it after a "check your answers" page. While it is open, the staff of a
college taking part enter their students' ranked choices (one student at a time, or a file), and the staff of an
enterprise with a posting in it rank that posting's applicants or accept the default ranking by recommendation score.
Once published, each side sees its own part of the result. Every page reads through the round's selectors and writes
through its services, as the API does (common/views.py).
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_tables2 import SingleTableMixin

from colleges.choices import StudentStatus
from colleges.privacy import personal_fields_of
from colleges.selectors import student_list
from common.exceptions import REFUSALS, refusal_message
from common.filters import MAX_INTEGER
from common.views import (
    ObjectCreateView,
    ObjectEditView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    RecordMixin,
    ServiceFormMixin,
)
from enterprises.selectors import posting_list
from partnerships.allocation_forms import (
    AllocationRoundCreateForm,
    AllocationRoundForm,
    ChoicesForm,
    ChoicesImportForm,
    RankingForm,
    RoundCollegesForm,
    RoundPostingForm,
)
from partnerships.allocation_selectors import (
    allocation_applicant_list,
    allocation_choice_list,
    allocation_outcome_list,
    allocation_round_list,
    allocation_round_posting_list,
    allocation_round_problems,
)
from partnerships.choices import AllocationRoundStatus, RankingSource
from partnerships.filters import AllocationOutcomeFilterSet, AllocationRoundFilterSet
from partnerships.recommendations import pair_scores
from partnerships.services import allocation_rounds
from partnerships.tables import (
    AllocationFillTable,
    AllocationOutcomeTable,
    AllocationRoundTable,
    AllocationStudentTable,
)

LIST = "partnerships:allocationround_list"
# The steps an official's page of a round offers in each status (the service still decides; a refusal is a message).
OFFICIAL_STEPS = {
    AllocationRoundStatus.SETUP: ("change", "open"),
    AllocationRoundStatus.OPEN: ("run",),
    AllocationRoundStatus.RUNNING: (),
    AllocationRoundStatus.DRAFTED: ("publish", "run"),
    AllocationRoundStatus.FAILED: ("run",),
    AllocationRoundStatus.PUBLISHED: (),
}


class AllocationRoundListView(ObjectListView):
    selector = allocation_round_list
    filterset_class = AllocationRoundFilterSet
    table_class = AllocationRoundTable
    filter_fields = ("q", "status")
    add_url_name = "partnerships:allocationround_create"
    template_name = "partnerships/allocationround_list.html"

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if self.may("add"):
            kwargs["empty_text"] = gettext("No rounds yet. Start one with “New allocation round”.")
        else:
            kwargs["empty_text"] = gettext(
                "No rounds yet. When the city opens a round you take part in, it shows here and you are told."
            )
        return kwargs


class RoundMixin(RecordMixin):
    """A page of one allocation round: the round in the principal's scope (or a 404), the round's list in the
    breadcrumbs."""

    selector = allocation_round_list
    list_url_name = LIST

    def round_url(self) -> str:
        return reverse("partnerships:allocationround_detail", args=[self.record.pk])


class RoundProgress:
    """What a round's page and its progress fragment show: whether the task is under way, so the fragment polls."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(under_way=self.record.status == AllocationRoundStatus.RUNNING, **kwargs)


class AllocationRoundView(RoundProgress, RoundMixin, ObjectView):
    """The round as each side needs it: an official its setup, figures and next steps; a college the choices of its
    students; an enterprise its postings in the round and whose ranking each uses."""

    def get_context_data(self, **kwargs):
        round_ = self.record
        steps = [kind for kind in OFFICIAL_STEPS[round_.status] if self.may(kind, round_)]
        round_postings = allocation_round_posting_list(round=round_, principal=self.principal)
        may_change = self.may("change", round_)
        figures = {
            **round_postings.order_by().aggregate(postings=Count("pk"), slots=Coalesce(Sum("slots"), 0)),
            "students": allocation_choice_list(round=round_, principal=self.principal)
            .values("student_id")
            .distinct()
            .count(),
        }
        return super().get_context_data(
            steps=steps,
            figures=figures,
            closed=round_.closes_at <= timezone.now(),
            is_open=round_.status == AllocationRoundStatus.OPEN,
            published=round_.status == AllocationRoundStatus.PUBLISHED,
            has_result=round_.status in (AllocationRoundStatus.DRAFTED, AllocationRoundStatus.PUBLISHED),
            round_postings=round_postings[:SHOWN_POSTINGS],
            round_colleges=round_.round_colleges.select_related("college").order_by("college__name")
            if may_change
            else (),
            may_choose=self.may("set_choices", round_),
            may_rank=self.may("rank", round_) and bool(self.principal.enterprise_id),
            may_change=may_change,
            **kwargs,
        )


# How many of a round's postings its page lists (the setup page lists them all, page by page).
SHOWN_POSTINGS = 50


class AllocationRoundProgressView(RoundProgress, RoundMixin, TemplateView):
    """The round's progress alone, which its page asks for every two seconds while the task runs; once it has
    finished, the fragment comes without the polling attributes, so the asking stops."""

    template_name = "partnerships/includes/allocationround_progress.html"

    def get(self, request, *args, **kwargs):
        self.require("view", self.record)
        return super().get(request, *args, **kwargs)


class AllocationRoundCreateView(ObjectCreateView):
    selector = allocation_round_list
    list_url_name = LIST
    form_class = AllocationRoundCreateForm
    template_name = "partnerships/allocationround_form.html"

    def create(self, form):
        return allocation_rounds.allocation_round_create(principal=self.principal, **form.changes())

    def success_message(self, record):
        return gettext(
            "The round is created with the lottery seed %(seed)s. Choose its postings and colleges, then open it."
        ) % {"seed": record.seed}


class AllocationRoundEditView(RoundMixin, ObjectEditView):
    form_class = AllocationRoundForm
    template_name = "partnerships/allocationround_form.html"

    def update(self, form):
        return allocation_rounds.allocation_round_update(round=self.record, principal=self.principal, **form.changes())


class RoundFormView(ServiceFormMixin, RoundMixin, FormView):
    """A form about the round that its own service takes (``perform``), for whoever has ``rule_kind`` on it."""

    rule_kind = "change"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.principal.is_authenticated:
            self.require(self.rule_kind, self.record)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": self.principal, "instance": self.record}

    def success_url_for(self, record):
        return self.round_url()

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (self.title, "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class AllocationRoundPostingsView(RoundFormView):
    """The postings taking part and their slots: one is added (or its slots changed) at a time, found by typing part
    of its title or enterprise; each listed one can be taken out. Each change is the whole set, as the service takes
    it."""

    form_class = RoundPostingForm
    template_name = "partnerships/allocationround_postings.html"
    title = _("Postings taking part")

    def current_slots(self) -> dict[int, int]:
        return dict(self.record.round_postings.values_list("posting_id", "slots"))

    def post(self, request, *args, **kwargs):
        removed = request.POST.get("remove", "")
        if not removed:
            return super().post(request, *args, **kwargs)
        slots = {posting_id: count for posting_id, count in self.current_slots().items() if str(posting_id) != removed}
        self._set(slots)
        return HttpResponseRedirect(request.path)

    def _set(self, slots: dict[int, int]) -> bool:
        try:
            allocation_rounds.allocation_round_postings_set(round=self.record, principal=self.principal, slots=slots)
        except (DjangoValidationError, *REFUSALS) as error:
            message = " ".join(error.messages) if isinstance(error, DjangoValidationError) else refusal_message(error)
            if message is None:
                raise
            messages.error(self.request, message)
            return False
        return True

    def perform(self, form):
        posting = form.cleaned_data["posting"]
        allocation_rounds.allocation_round_postings_set(
            round=self.record,
            principal=self.principal,
            slots={**self.current_slots(), posting.pk: form.cleaned_data["slots"]},
        )
        return self.record

    def success_message(self, record):
        return gettext("The posting takes part with these slots.")

    def success_url_for(self, record):
        return self.request.path

    def get_context_data(self, **kwargs):
        entries = self.record.round_postings.select_related("posting__enterprise").order_by("posting__title", "pk")
        page = Paginator(entries, 25).get_page(self.request.GET.get("page"))
        return super().get_context_data(entries=page, **kwargs)


class AllocationRoundCollegesView(RoundFormView):
    form_class = RoundCollegesForm
    template_name = "generic/object_edit.html"
    title = _("Colleges taking part")

    def perform(self, form):
        allocation_rounds.allocation_round_colleges_set(
            round=self.record,
            principal=self.principal,
            college_ids=[college.pk for college in form.cleaned_data["colleges"]],
        )
        return self.record

    def success_message(self, record):
        return gettext("The colleges taking part are saved.")


class RoundStepView(RoundMixin, ObjectStepView):
    step_record = "round"


class AllocationRoundOpenView(RoundStepView):
    rule_kind = "open"
    service = allocation_rounds.allocation_round_open
    title = _("Open the round")
    explanation = _(
        "The colleges taking part and the enterprises with a posting in the round are told. From the opening time "
        "until the closing time, colleges enter their students' choices and enterprises rank their applicants; "
        "the postings, slots and colleges can no longer change."
    )
    irreversible = True
    done_message = _("The round is open; the colleges and enterprises taking part are told.")


class AllocationRoundProblemsView(RoundMixin, TemplateView):
    """Every problem that stops the round from running, in plain words, with what to fix, page by page."""

    template_name = "partnerships/allocationround_problems.html"

    def get(self, request, *args, **kwargs):
        self.require("run", self.record)
        return super().get(request, *args, **kwargs)

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (gettext("Problems"), "")]

    def get_context_data(self, **kwargs):
        problems = allocation_round_problems(round=self.record)
        page = Paginator(problems, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(problems=page, problem_count=len(problems), **kwargs)


class AllocationRoundRunView(RoundStepView):
    rule_kind = "run"
    service = allocation_rounds.allocation_round_run
    template_name = "partnerships/allocationround_run.html"
    title = _("Run the round")
    explanation = _(
        "The stable matching runs on the choices and rankings as they stand, with the round's lottery seed. The "
        "result is a draft for you to review: nothing is offered until you publish it. Running again gives the same "
        "result and replaces the draft."
    )
    done_message = _("The round is running: this page shows its progress until the draft is ready.")

    def get_context_data(self, **kwargs):
        problem_count = len(allocation_round_problems(round=self.record))
        return super().get_context_data(
            problem_count=problem_count, closed=self.record.closes_at <= timezone.now(), **kwargs
        )


class ResultPageMixin(RoundMixin, SingleTableMixin, TemplateView):
    """A page of a round's result, once there is one: a draft is the official's, a published result everyone's
    (each their own part of it); the table re-renders alone for htmx, as a list page's does."""

    paginate_by = 25
    title = ""

    def get(self, request, *args, **kwargs):
        self.require(self.rule_kind, self.record)
        if self.record.status not in (AllocationRoundStatus.DRAFTED, AllocationRoundStatus.PUBLISHED):
            raise Http404
        if self.record.status == AllocationRoundStatus.DRAFTED and not self.may("publish", self.record):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "object-list":
            return ["generic/table_fragment.html"]
        return [self.template_name]

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (self.title, "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, published=self.record.status == AllocationRoundStatus.PUBLISHED, **kwargs
        )


class AllocationRoundResultView(ResultPageMixin):
    """Who got what: each student in the reader's part of the round (an official: all, names masked; a college: its
    students; an enterprise: those placed in its postings) with the posting and the choice it was, or why none."""

    rule_kind = "view"
    template_name = "partnerships/allocationround_result.html"
    table_class = AllocationOutcomeTable

    @property
    def title(self):
        return gettext("Result") if self.record.status == AllocationRoundStatus.PUBLISHED else gettext("Draft result")

    @cached_property
    def filterset(self):
        outcomes = allocation_outcome_list(round=self.record, principal=self.principal)
        filterset = AllocationOutcomeFilterSet(self.request.GET, queryset=outcomes)
        # The posting is chosen from the fill of each posting (a link), not from a list of them all.
        filterset.form.fields["posting"].widget = forms.HiddenInput()
        return filterset

    def get_table_data(self):
        return self.filterset.qs if self.filterset.is_valid() else self.filterset.queryset.none()

    def get_table_kwargs(self):
        # An offer is made on publishing: a draft has none to show.
        exclude = () if self.record.status == AllocationRoundStatus.PUBLISHED else ("offer",)
        return {"principal": self.principal, "empty_text": gettext("No student matches."), "exclude": exclude}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, may_publish=self.may("publish", self.record), stats=self.record.stats, **kwargs
        )


class AllocationRoundFillView(ResultPageMixin):
    """How many of its slots in the round each posting filled, and how many students chose it."""

    rule_kind = "publish"
    template_name = "partnerships/allocationround_fill.html"
    table_class = AllocationFillTable
    title = _("Fill of each posting")

    def get_table_data(self):
        return allocation_round_posting_list(round=self.record, principal=self.principal)

    def get_table_kwargs(self):
        return {"principal": self.principal, "empty_text": gettext("No posting took part.")}


class AllocationRoundPublishView(RoundStepView):
    """Check your answers: the figures of the draft, the seed and what publishing does, before the step that cannot
    be undone."""

    rule_kind = "publish"
    service = allocation_rounds.allocation_round_publish
    template_name = "partnerships/allocationround_publish.html"
    title = _("Publish the result")
    explanation = _(
        "Each placed student gets an offer from the posting's enterprise, as if the enterprise had offered it "
        "itself: the student's college answers it on the applications page, and the posting's slots and the rule of "
        "one placement at a time still hold. The colleges and enterprises taking part are told. A published round "
        "cannot be run again."
    )
    irreversible = True
    done_message = _("The result is published: the offers are made and everyone taking part is told.")

    def get_context_data(self, **kwargs):
        totals = self.record.round_postings.aggregate(postings=Count("pk"), slots=Coalesce(Sum("slots"), 0))
        return super().get_context_data(stats=self.record.stats, totals=totals, **kwargs)


# ------------------------------------------------------------------------------
# A college's students' choices
# ------------------------------------------------------------------------------
class AllocationRoundStudentsView(RoundMixin, SingleTableMixin, TemplateView):
    """The college's enrolled students with how many choices each has in the round, page by page, each linked to
    their list; and the import of a file of choices."""

    template_name = "partnerships/allocationround_students.html"
    table_class = AllocationStudentTable
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        self.require("set_choices", self.record)
        return super().get(request, *args, **kwargs)

    def get_table_data(self):
        in_round = Q(allocation_choices__round=self.record)
        return (
            student_list(principal=self.principal)
            .filter(status=StudentStatus.ENROLLED)
            .annotate(choice_count=Count("allocation_choices", filter=in_round))
            .order_by("student_number", "pk")
        )

    def get_table_kwargs(self):
        return {
            "principal": self.principal,
            "round": self.record,
            "empty_text": gettext("Your college has no enrolled students."),
        }

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "object-list":
            return ["generic/table_fragment.html"]
        return [self.template_name]

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (gettext("Your students' choices"), "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_open=self.record.status == AllocationRoundStatus.OPEN, **kwargs)


class AllocationChoicesEditView(RoundFormView):
    """One student's ranked choices (志愿), replaced as a whole by the list on the form."""

    rule_kind = "set_choices"
    form_class = ChoicesForm
    template_name = "partnerships/allocationround_choices.html"

    @cached_property
    def student(self):
        key = str(self.kwargs["student"])
        if not key.isascii() or not key.isdigit() or int(key) > MAX_INTEGER:
            raise Http404
        student = student_list(principal=self.principal).filter(pk=key).first()
        if student is None:
            raise Http404
        return student

    @property
    def title(self):
        name = personal_fields_of(self.student, principal=self.principal)["name"]
        return gettext("Choices of %(student)s") % {"student": name}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        choices = allocation_choice_list(round=self.record, principal=self.principal).filter(student=self.student)
        postings = (
            posting_list(principal=self.principal).filter(round_entries__round=self.record).prefetch_related(None)
        )
        return {**kwargs, "postings": postings, "current": [choice.posting_id for choice in choices]}

    def perform(self, form):
        allocation_rounds.allocation_choices_set(
            round=self.record, principal=self.principal, student=self.student, posting_ids=form.posting_ids()
        )
        return self.record

    def success_message(self, record):
        return gettext("The student's choices are saved.")

    def success_url_for(self, record):
        return reverse("partnerships:allocationround_students", args=[self.record.pk])

    def breadcrumbs(self):
        crumbs = super().breadcrumbs()
        students = (gettext("Your students' choices"), self.success_url_for(self.record))
        return [*crumbs[:-1], students, crumbs[-1]]


class AllocationChoicesImportView(RoundFormView):
    """A file of choices (CSV or xlsx): all of it is saved, or nothing and a report of every wrong row."""

    rule_kind = "set_choices"
    form_class = ChoicesImportForm
    template_name = "partnerships/allocationround_import.html"
    title = _("Import choices from a file")

    def get_context_data(self, **kwargs):
        postings = list(self.record.round_postings.order_by("posting_id").values_list("posting_id", flat=True)[:2])
        student = student_list(principal=self.principal).order_by("student_number").first()
        example = {
            "student_number": student.student_number if student else "2024000001",
            "first": postings[0] if postings else 1,
            "second": postings[1] if len(postings) > 1 else None,
        }
        return super().get_context_data(example=example, **kwargs)

    def form_valid(self, form):
        try:
            report = allocation_rounds.allocation_choices_import(
                round=self.record, principal=self.principal, file=form.cleaned_data["file"]
            )
        except REFUSALS as error:
            message = refusal_message(error)
            if message is None:
                raise
            messages.error(self.request, message)
            return self.form_invalid(form)
        if report.errors:
            form.add_error("file", gettext("Nothing was saved: fix the rows below, then import the file again."))
            return self.render_to_response(self.get_context_data(form=form, report=report))
        messages.success(
            self.request,
            ngettext(
                "%(count)d student's choices imported.",
                "%(count)d students' choices imported.",
                report.students,
            )
            % {"count": report.students},
        )
        return HttpResponseRedirect(reverse("partnerships:allocationround_students", args=[self.record.pk]))


# ------------------------------------------------------------------------------
# An enterprise's rankings
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Applicant:
    """A student who chose the posting, as the ranking form shows them."""

    student_id: int
    label: str
    rank: int | None
    hint: str


def _applicant(choice, scores: dict, principal) -> Applicant:
    personal = personal_fields_of(choice.student, principal=principal)
    score = scores.get((choice.student_id, choice.posting_id))
    return Applicant(
        student_id=choice.student_id,
        label=gettext("%(name)s (%(number)s), %(program)s")
        % {"name": personal["name"], "number": personal["student_number"], "program": choice.student.program.name},
        rank=choice.enterprise_rank,
        hint=gettext("Recommendation score: %(score)s")
        % {"score": "—" if score is None else number_format(score, decimal_pos=1)},
    )


class RoundPostingMixin:
    """A page about one posting in the round (or a 404): for enterprise staff, one of their own."""

    rule_kind = "rank"
    step_title = ""

    @cached_property
    def round_posting(self):
        key = str(self.kwargs["posting"])
        if not key.isascii() or not key.isdigit() or int(key) > MAX_INTEGER:
            raise Http404
        entry = (
            allocation_round_posting_list(round=self.record, principal=self.principal).filter(posting_id=key).first()
        )
        if entry is None:
            raise Http404
        return entry

    @property
    def title(self):
        return gettext("%(step)s: %(posting)s") % {
            "step": self.step_title,
            "posting": self.round_posting.posting.title,
        }


class AllocationRankingView(RoundPostingMixin, RoundFormView):
    """The posting's applicants in the round (the students who chose it), to rank; each with their recommendation
    score, by which the default ranking orders them."""

    form_class = RankingForm
    template_name = "partnerships/allocationround_ranking.html"
    step_title = _("Rank the applicants")

    @cached_property
    def applicants(self) -> list[Applicant]:
        choices = list(
            allocation_applicant_list(
                round=self.record, posting_id=self.round_posting.posting_id, principal=self.principal
            )
        )
        scores = pair_scores(pairs=[(choice.student_id, choice.posting_id) for choice in choices])
        # Those the enterprise ranked in its order, then the others in the default ranking's (best score first).
        choices.sort(
            key=lambda choice: (
                choice.enterprise_rank is None,
                choice.enterprise_rank or 0,
                -scores.get((choice.student_id, choice.posting_id), 0),
            )
        )
        return [_applicant(choice, scores, self.principal) for choice in choices]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return {**kwargs, "applicants": self.applicants}

    def perform(self, form):
        allocation_rounds.allocation_ranking_set(
            round=self.record, principal=self.principal, posting=self.round_posting.posting, ranks=form.ranks()
        )
        return self.record

    def success_message(self, record):
        return gettext("Your ranking of the applicants is saved; the round uses it instead of the default one.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round_posting=self.round_posting,
            uses_default=self.round_posting.ranking_confirmed_at is not None
            and self.round_posting.ranking_source == RankingSource.RECOMMENDED,
            **kwargs,
        )


class AllocationRankingDefaultView(RoundPostingMixin, RoundStepView):
    step_title = _("Accept the default ranking")
    explanation = _(
        "The round ranks the posting's applicants by their recommendation score (the fit of their skills, "
        "certificates, program and district with the posting), highest first, instead of a ranking entered by the "
        "enterprise. Until the round closes, the enterprise can still enter its own."
    )
    done_message = _("The posting uses the default ranking by recommendation score.")

    def perform(self, form):
        allocation_rounds.allocation_ranking_use_default(
            round=self.record, principal=self.principal, posting=self.round_posting.posting
        )
        return self.record
