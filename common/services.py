"""What every service shares: validate everything before writing, and a workflow step's transaction and actor."""

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from common.audit import acting_as
from common.exceptions import BusinessRuleViolation

ModelT = TypeVar("ModelT", bound=models.Model)


@transaction.atomic
def model_save(instance: ModelT, *, many_to_many: dict[str, Iterable] | None = None) -> ModelT:
    """Validate ``instance`` (fields, uniqueness, check constraints) and save it, then set its many-to-many fields.

    Validation raises Django's ValidationError with a message per field, which the API answers as a 400; the
    database constraints stay the last line for what validation cannot see (concurrent writes).
    """
    instance.full_clean()
    instance.save()
    for name, values in (many_to_many or {}).items():
        getattr(instance, name).set(values)
    return instance


def model_update(instance: ModelT, **changes) -> ModelT:
    """Apply ``changes`` (plain and many-to-many fields alike) to ``instance``, then validate and save it."""
    many_to_many = {name: changes.pop(name) for name in list(changes) if instance._meta.get_field(name).many_to_many}
    for name, value in changes.items():
        setattr(instance, name, value)
    return model_save(instance, many_to_many=many_to_many)


def model_create(model: type[ModelT], **fields) -> ModelT:
    """Build a ``model`` row from ``fields`` (many-to-many ones included), validate and save it."""
    many_to_many = {name: fields.pop(name) for name in list(fields) if model._meta.get_field(name).many_to_many}
    return model_save(model(**fields), many_to_many=many_to_many)


def workflow_step(service: Callable) -> Callable:
    """Decorate a service that moves a record through its lifecycle (``<entity>_<action>(*, ..., principal)``):
    it runs in one transaction and its changes are attributed to ``principal`` in the audit trail."""

    @functools.wraps(service)
    def step(*args, principal, **kwargs):
        with transaction.atomic(), acting_as(principal.user_id):
            return service(*args, principal=principal, **kwargs)

    return step


def locked(record: ModelT, *related: str) -> ModelT:
    """``record`` read again under a row lock (``related`` rows joined, not locked), so that a lifecycle step
    decides on the committed state: two simultaneous steps on one record make one transition."""
    rows = type(record).objects.select_related(*related).select_for_update(of=("self",))
    return rows.get(pk=record.pk)


def require_status(record: models.Model, *statuses: str, doing: str) -> None:
    """Refuse (409) a step that ``record`` cannot take in its status; ``doing`` says what was refused and why."""
    if record.status not in statuses:
        raise BusinessRuleViolation(
            _("This %(record)s is %(status)s: it cannot be %(doing)s.")
            % {"record": record._meta.verbose_name, "status": record.get_status_display().lower(), "doing": doing}
        )


def require_reason(reason: str) -> str:
    """``reason`` without its surrounding blanks; refused (400, on the ``reason`` field) when nothing is left: a
    step that needs a reason keeps it with the record and tells it to the other side."""
    if not reason.strip():
        raise ValidationError(
            {"reason": [_("Say why: the reason is kept with the record and told to the other side.")]}
        )
    return reason.strip()
