"""The partnerships app's panels on lower apps' record pages (common/panels.py): a posting's applications; a
college's and an enterprise's agreements, and the training bases a college hosts or uses; the recommendations on
the pages of students, programs, postings, colleges and enterprises."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from colleges.choices import StudentStatus
from colleges.models import College, Program, Student
from colleges.privacy import personal_fields_of
from common.panels import panel
from enterprises.choices import PostingStatus
from enterprises.models import Enterprise, Posting
from partnerships.recommendations import (
    recommended_college_list,
    recommended_enterprise_list,
    recommended_posting_list,
    recommended_program_list,
    recommended_student_list,
)
from partnerships.selectors import agreement_list, application_list, training_base_list

# The most recent agreements a college's or an enterprise's page lists; the link under them leads to all of them.
AGREEMENTS_SHOWN = 10


@panel(Posting, template="partnerships/panels/posting_applications.html", order=10)
def posting_applications(posting: Posting, principal) -> dict | None:
    """How many applications to ``posting`` the reader sees, with the way to them (for the enterprise, its
    applicants); for a college, the way to nominate its students while the posting is open."""
    if principal.enterprise_id is None and principal.college_id is None:
        return None
    return {
        "total": application_list(principal=principal).filter(posting=posting).count(),
        "for_enterprise": principal.enterprise_id is not None,
        "may_nominate": principal.college_id is not None and posting.status == PostingStatus.OPEN,
    }


def _agreements(principal, party: str, organisation) -> dict:
    """The agreements of ``organisation`` (the ``party`` side) in the reader's scope, newest first, with their
    current health (evaluation's, reached by its reverse relation's name as the agreement list does)."""
    agreements = agreement_list(principal=principal).filter(**{party: organisation}).select_related("health")
    return {
        "agreements": agreements.order_by("-starts_on", "-pk")[:AGREEMENTS_SHOWN],
        "agreement_total": agreements.count(),
        "party": party,
    }


@panel(College, template="partnerships/panels/organisation_agreements.html", order=20)
def college_agreements(college: College, principal) -> dict:
    """The college's agreements, and the training bases it hosts or uses through an agreement."""
    bases = (
        training_base_list(principal=principal)
        .filter(Q(host_college=college) | Q(agreements__college=college))
        .distinct()
        .order_by("name")
    )
    return {**_agreements(principal, "college", college), "training_bases": bases}


@panel(Enterprise, template="partnerships/panels/organisation_agreements.html", order=20)
def enterprise_agreements(enterprise: Enterprise, principal) -> dict:
    return _agreements(principal, "enterprise", enterprise)


# ------------------------------------------------------------------------------
# Recommendations (partnerships/recommendations.py), with their reasons
# ------------------------------------------------------------------------------
# How many recommendations a page shows; the API gives up to 50.
RECOMMENDED = 5
RECORD_PAGES = {
    Posting: "partnerships:posting_detail",
    Student: "colleges:student_detail",
    Program: "colleges:program_detail",
    College: "colleges:college_detail",
    Enterprise: "enterprises:enterprise_detail",
}


def _student_label(student, principal) -> str:
    personal = personal_fields_of(student, principal=principal)
    return " ".join(value for value in (personal["student_number"], personal["name"]) if value) or f"#{student.pk}"


def _shown(recommendation, principal, *, nominate: Student | None = None) -> dict:
    """One recommendation as a panel lists it: where it leads, what it is called, its score and reasons."""
    record = recommendation.record
    url = reverse(RECORD_PAGES[type(record)], args=[record.pk])
    label = _student_label(record, principal) if isinstance(record, Student) else str(record)
    nominate_url = ""
    if nominate is not None:
        nominate_url = f"{reverse('partnerships:posting_nominate', args=[record.pk])}?student={nominate.pk}"
    return {
        "url": url,
        "label": label,
        "score": recommendation.score,
        "reasons": recommendation.reasons,
        "nominate_url": nominate_url,
    }


def recommendations_panel(key: str, title: str, empty: str, results, principal, **shown) -> dict:
    """The context of ``partnerships/panels/recommendations.html``: ``results`` under ``title``."""
    return {
        "key": key,
        "title": title,
        "empty": empty,
        "recommendations": [_shown(recommendation, principal, **shown) for recommendation in results],
    }


@panel(Student, template="partnerships/panels/recommendations.html", order=30)
def student_postings(student: Student, principal) -> dict:
    """Open postings for the student; the student's college may nominate them to each from here."""
    results = recommended_posting_list(principal=principal, student=student, top=RECOMMENDED)
    return recommendations_panel(
        "postings",
        gettext("Recommended postings"),
        gettext("No open posting fits this student's skills or program yet.")
        if student.status == StudentStatus.ENROLLED
        else gettext("Only enrolled students apply to postings: none is recommended to this student."),
        results,
        principal,
        nominate=student if principal.college_id == student.program.college_id else None,
    )


@panel(Program, template="partnerships/panels/recommendations.html", order=30)
def program_postings(program: Program, principal) -> dict:
    return recommendations_panel(
        "postings",
        gettext("Recommended postings"),
        gettext("No open posting fits this program's sectors yet."),
        recommended_posting_list(principal=principal, program=program, top=RECOMMENDED),
        principal,
    )


@panel(Posting, template="partnerships/panels/recommendations.html", order=20)
def posting_students(posting: Posting, principal) -> dict | None:
    """Students for the posting, among those the reader may see (an enterprise: its applicants)."""
    if principal.enterprise_id is not None:
        empty = gettext("None of your applicants fits this posting yet.")
    else:
        empty = gettext("No student you may see fits this posting yet.")
    return recommendations_panel(
        "students",
        gettext("Recommended students"),
        empty,
        recommended_student_list(principal=principal, posting=posting, top=RECOMMENDED),
        principal,
    )


@panel(Posting, template="partnerships/panels/recommendations.html", order=25)
def posting_programs(posting: Posting, principal) -> dict:
    return recommendations_panel(
        "programs",
        gettext("Recommended programs"),
        gettext("No program of the city targets this posting's sector yet."),
        recommended_program_list(principal=principal, posting=posting, top=RECOMMENDED),
        principal,
    )


@panel(College, template="partnerships/panels/recommendations.html", order=30)
def college_enterprises(college: College, principal) -> dict | None:
    """Enterprises the college could partner with: for the college itself and the city's officials."""
    if principal.enterprise_id is not None:
        return None
    return recommendations_panel(
        "enterprises",
        gettext("Enterprises to partner with"),
        gettext("No enterprise of the city fits this college's programs yet, beyond those it works with."),
        recommended_enterprise_list(principal=principal, college=college, top=RECOMMENDED),
        principal,
    )


@panel(Enterprise, template="partnerships/panels/recommendations.html", order=30)
def enterprise_colleges(enterprise: Enterprise, principal) -> dict | None:
    """Colleges for the enterprise: for the enterprise itself and the city's officials."""
    if principal.college_id is not None:
        return None
    return recommendations_panel(
        "colleges",
        gettext("Recommended colleges"),
        gettext("No college of the city runs a program in this enterprise's sector yet."),
        recommended_college_list(principal=principal, enterprise=enterprise, top=RECOMMENDED),
        principal,
    )


@panel(Enterprise, template="partnerships/panels/recommendations.html", order=31)
def enterprise_programs(enterprise: Enterprise, principal) -> dict | None:
    if principal.college_id is not None:
        return None
    return recommendations_panel(
        "programs",
        gettext("Recommended programs"),
        gettext("No program of the city targets this enterprise's sectors yet."),
        recommended_program_list(principal=principal, enterprise=enterprise, top=RECOMMENDED),
        principal,
    )
