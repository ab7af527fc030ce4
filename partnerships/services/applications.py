"""Applications to postings and the placements they become."""

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.models import Student
from common.exceptions import BusinessRuleViolation
from common.services import model_create
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.models import Application


@transaction.atomic
def application_create(*, student: Student, posting: Posting, submitted_by_id: int, note: str = "") -> Application:
    """A college applies to an open posting for one of its students."""
    if posting.status != PostingStatus.OPEN:
        raise BusinessRuleViolation(_("This posting is not open for applications."))
    if posting.enterprise.city_id != student.program.college.city_id:
        raise BusinessRuleViolation(_("Students apply to postings of their own city."))
    return model_create(Application, student=student, posting=posting, submitted_by_id=submitted_by_id, note=note)
