"""Training bases a college registers and manages."""

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.models import College
from common.exceptions import BusinessRuleViolation
from common.services import model_create, model_update
from partnerships.models import TrainingBase


def training_base_create(*, host_college_id: int, **fields) -> TrainingBase:
    """Register a base the college hosts (in-school, or co-built with an enterprise), in the college's city."""
    city_id = College.objects.values_list("city_id", flat=True).get(pk=host_college_id)
    return model_create(TrainingBase, host_college_id=host_college_id, city_id=city_id, **fields)


def training_base_update(*, base: TrainingBase, **changes) -> TrainingBase:
    return model_update(base, **changes)


@transaction.atomic
def training_base_delete(*, base: TrainingBase) -> None:
    """Delete a training base; refused (409) while agreements or postings refer to it."""
    if base.agreements.exists() or base.postings.exists():
        raise BusinessRuleViolation(_("Agreements or postings refer to this training base: it cannot be deleted."))
    base.delete()
