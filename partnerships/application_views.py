"""The pages of applications and placements: the college nominates its students to an open posting and answers
offers for them; the posting's enterprise reviews its applicants (their public profile, as the API shows it),
shortlists, offers or rejects, and completes placements; either side cancels one (common/views.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from accounts.permissions import may
from colleges.privacy import personal_fields_of
from colleges.selectors import student_certificate_list
from common.exceptions import REFUSALS, refusal_message
from common.views import ObjectListView, ObjectStepView, ObjectView, ReasonForm, RecordMixin
from enterprises.selectors import posting_list
from partnerships.application_forms import NominateForm, PlacementCompleteForm
from partnerships.choices import COLLEGE_APPLICATION_STEPS, ENTERPRISE_APPLICATION_STEPS
from partnerships.filters import ApplicationFilterSet, PlacementFilterSet
from partnerships.selectors import application_list, placement_list
from partnerships.services import applications
from partnerships.tables import ApplicationTable, PlacementTable


class ApplicationListView(ObjectListView):
    """Applications; filtered by posting, the applicants of one posting with their public profile."""

    selector = application_list
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    empty_text = gettext_lazy(
        "No applications match. A college nominates its students from the page of an open posting."
    )

    @property
    def filter_fields(self):
        dates = ("status", "submitted_after", "submitted_before")
        return ("posting", *dates) if self.principal.enterprise_id else dates

    @property
    def filter_choices(self):
        # An enterprise picks one of its own postings; a college's applications span the city's postings (thousands
        # in a large city), so it filters by posting from a posting's page link rather than from a list of them all.
        return {"posting": posting_list} if self.principal.enterprise_id else {}

    def get_queryset(self):
        return super().get_queryset().select_related("student__talent")


class PlacementListView(ObjectListView):
    selector = placement_list
    filterset_class = PlacementFilterSet
    table_class = PlacementTable
    filter_fields = ("status", "hired_after", "starts_after", "starts_before")
    empty_text = gettext_lazy("No placements match. A placement begins when the college accepts an offer.")


class StudentProfileMixin:
    """A record page about one student's application or placement: the student as the reader may see them
    (personal fields masked as the API masks them), their certificates, and the steps the reader may take."""

    steps: tuple[str, ...] = ()
    # Whether the posting's enterprise may see the student's phone on this page (an accepted offer).
    contact_released = False

    def breadcrumbs(self):
        crumbs = super().breadcrumbs()
        return [*crumbs[:-1], (self.heading(), crumbs[-1][1])]

    def heading(self) -> str:
        personal = personal_fields_of(self.student(), principal=self.principal)
        return _("%(student)s at “%(posting)s”") % {
            "student": personal["name"] or _("A student"),
            "posting": self.record.posting.title,
        }

    def student(self):
        student = self.record.student
        student.contact_released = self.contact_released
        return student

    def get_context_data(self, **kwargs):
        certificates = student_certificate_list(principal=self.principal).filter(student_id=self.record.student_id)
        return super().get_context_data(
            heading=self.heading(),
            personal=personal_fields_of(self.student(), principal=self.principal),
            certificates=certificates,
            steps={step: self.may(step, self.record) for step in self.steps},
            **kwargs,
        )


class ApplicationView(StudentProfileMixin, ObjectView):
    selector = application_list
    list_url_name = "partnerships:application_list"
    steps = (*ENTERPRISE_APPLICATION_STEPS, *COLLEGE_APPLICATION_STEPS)

    @property
    def contact_released(self):
        return getattr(self.record, "contact_released", False)

    def get_context_data(self, **kwargs):
        placement = placement_list(principal=self.principal).filter(application=self.record).first()
        return super().get_context_data(placement=placement, **kwargs)


class PlacementView(StudentProfileMixin, ObjectView):
    selector = placement_list
    list_url_name = "partnerships:placement_list"
    steps = ("complete", "cancel")
    # A placement is an accepted offer: its host enterprise may reach the student (as the API says).
    contact_released = True


class PostingNominateView(RecordMixin, FormView):
    """College staff apply for one or several of their students to an open posting of their city.

    Each student's application is its own transaction (``application_create``, as the API makes one per request):
    one student the posting refuses (too young, no longer enrolled…) does not stop the others; the page says which
    were nominated and, next to the list, why each of the others was not.
    """

    selector = posting_list
    list_url_name = "partnerships:posting_list"
    form_class = NominateForm
    template_name = "partnerships/posting_nominate.html"

    def dispatch(self, request, *args, **kwargs):
        signed_in = request.user.is_authenticated and self.principal.is_authenticated
        if signed_in and not may(request.user, "partnerships.add_application"):
            raise PermissionDenied(_("You may not do this."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": self.principal, "posting": self.record}

    def get_initial(self):
        """Students named in the address (``?student=``, from a recommendation on a student's page) come ticked."""
        return {
            "students": [value for value in self.request.GET.getlist("student") if value.isascii() and value.isdigit()]
        }

    def form_valid(self, form):
        nominated = []
        for student in form.cleaned_data["students"]:
            refusal = self._nominate(student, note=form.cleaned_data["note"])
            if refusal:
                form.add_error("students", _("%(student)s: %(error)s") % {"student": student, "error": refusal})
            else:
                nominated.append(student)
        if nominated:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d student nominated: %(students)s.",
                    "%(count)d students nominated: %(students)s.",
                    len(nominated),
                )
                % {"count": len(nominated), "students": ", ".join(map(str, nominated))},
            )
        if form.errors:
            return self.form_invalid(form)
        return HttpResponseRedirect(f"{reverse('partnerships:application_list')}?posting={self.record.pk}")

    def _nominate(self, student, *, note: str) -> str:
        """Apply for ``student`` in a transaction of its own; why it was refused, or nothing."""
        try:
            applications.application_create(student=student, posting=self.record, principal=self.principal, note=note)
        except DjangoValidationError as error:
            return " ".join(error.messages)
        except REFUSALS as error:
            message = refusal_message(error)
            if message is None:
                raise
            return message
        return ""

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (_("Nominate students"), "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Nominate students"), **kwargs)


class ApplicationStepView(ObjectStepView):
    selector = application_list
    list_url_name = "partnerships:application_list"
    step_record = "application"


class ApplicationShortlistView(ApplicationStepView):
    rule_kind = "shortlist"
    service = applications.application_shortlist
    title = gettext_lazy("Shortlist")
    explanation = gettext_lazy("You keep this application for a closer look; you can still offer or reject.")
    done_message = gettext_lazy("The application is shortlisted.")


class ApplicationOfferView(ApplicationStepView):
    rule_kind = "offer"
    service = applications.application_offer
    title = gettext_lazy("Offer a place")
    explanation = gettext_lazy(
        "The student's college is told and answers for the student; the slot is taken when they accept."
    )
    done_message = gettext_lazy("The offer is made; the college is told.")


class ApplicationRejectView(ApplicationStepView):
    rule_kind = "reject"
    service = applications.application_reject
    form_class = ReasonForm
    irreversible = True
    title = gettext_lazy("Reject the application")
    explanation = gettext_lazy("The student's college is told, with your reason.")
    done_message = gettext_lazy("The application is rejected; the college is told.")


class ApplicationWithdrawView(ApplicationStepView):
    rule_kind = "withdraw"
    service = applications.application_withdraw
    irreversible = True
    title = gettext_lazy("Withdraw the application")
    explanation = gettext_lazy("The enterprise is told that the student no longer applies to this posting.")
    done_message = gettext_lazy("The application is withdrawn; the enterprise is told.")


class ApplicationAcceptView(ApplicationStepView):
    rule_kind = "accept"
    service = applications.application_accept
    title = gettext_lazy("Accept the offer")
    explanation = gettext_lazy(
        "The student takes one of the posting's slots for its dates; their other open applications over the same "
        "days are closed, and the enterprise is told."
    )
    done_message = gettext_lazy("The offer is accepted: the placement has begun.")


class ApplicationDeclineView(ApplicationStepView):
    rule_kind = "decline"
    service = applications.application_decline
    form_class = ReasonForm
    irreversible = True
    title = gettext_lazy("Decline the offer")
    explanation = gettext_lazy("The enterprise is told, with your reason.")
    done_message = gettext_lazy("The offer is declined; the enterprise is told.")


class PlacementStepView(ObjectStepView):
    selector = placement_list
    list_url_name = "partnerships:placement_list"
    step_record = "placement"


class PlacementCompleteView(PlacementStepView):
    rule_kind = "complete"
    service = applications.placement_complete
    form_class = PlacementCompleteForm
    title = gettext_lazy("Complete the placement")
    explanation = gettext_lazy("The placement ran its course; the college is told.")
    done_message = gettext_lazy("The placement is completed; the college is told.")


class PlacementCancelView(PlacementStepView):
    rule_kind = "cancel"
    service = applications.placement_cancel
    form_class = ReasonForm
    irreversible = True
    title = gettext_lazy("Cancel the placement")
    explanation = gettext_lazy("The slot is free again, and the other side is told with your reason.")
    done_message = gettext_lazy("The placement is cancelled; the other side is told.")
