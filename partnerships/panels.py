"""The partnerships app's panels on lower apps' record pages (common/panels.py): a posting's applications; a
college's and an enterprise's agreements, and the training bases a college hosts or uses."""

from django.db.models import Q

from colleges.models import College
from common.panels import panel
from enterprises.choices import PostingStatus
from enterprises.models import Enterprise, Posting
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
