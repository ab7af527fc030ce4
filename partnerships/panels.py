"""The partnerships app's panels on lower apps' record pages (common/panels.py): a posting's applications."""

from common.panels import panel
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.selectors import application_list


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
