"""The audit trail: who changed what, when, with the values before and after.

django-pghistory records it with PostgreSQL triggers on the tracked models (``@pghistory.track()``): every insert
and update leaves a snapshot of the row, whoever wrote it and however (a service, the admin, a bulk ``update()``,
raw SQL). The actor comes from ``acting_as`` (services) or pghistory's middleware (web requests). SQLite has no
such triggers: the embedded default keeps no history and ``history_of`` answers an empty list there.
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pghistory
import pghistory.models
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

# Bookkeeping columns of an event row, not fields of the tracked record.
_EVENT_COLUMNS = {"pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_context"}


def acting_as(user_id: int | None, **metadata) -> contextlib.AbstractContextManager:
    """Attribute the changes made inside the block to ``user_id`` (and ``metadata``) in the audit trail."""
    if not settings.AUDIT_TRAIL_ENABLED:
        return contextlib.nullcontext()
    return pghistory.context(user=user_id, **metadata)


@dataclass(frozen=True)
class AuditEvent:
    """One recorded change of a record."""

    at: datetime
    label: str
    actor_id: int | None
    actor: str | None
    changes: dict[str, dict[str, Any]]


def _event_model(model: type[models.Model]) -> type[pghistory.models.Event]:
    for event_model in pghistory.models.Event.__subclasses__():
        if event_model.pgh_tracked_model is model:
            return event_model
    raise LookupError(f"{model._meta.label} has no audit trail: decorate it with @pghistory.track().")


def history_of(record: models.Model) -> list[AuditEvent]:
    """Every recorded change of ``record``, oldest first, each with the fields it changed (before and after)."""
    event_model = _event_model(type(record))
    fields = [field.attname for field in event_model._meta.concrete_fields if field.name not in _EVENT_COLUMNS]
    events = list(event_model.objects.filter(pgh_obj_id=record.pk).select_related("pgh_context").order_by("pgh_id"))
    actor_ids = {event.pgh_context.metadata.get("user") for event in events if event.pgh_context_id}
    actors = dict(get_user_model().objects.filter(pk__in=actor_ids - {None}).values_list("pk", "username"))
    trail, previous = [], {}
    for event in events:
        snapshot = {field: getattr(event, field) for field in fields}
        actor_id = event.pgh_context.metadata.get("user") if event.pgh_context_id else None
        changes = {
            field: {"before": previous.get(field), "after": value}
            for field, value in snapshot.items()
            if field not in previous or previous[field] != value
        }
        trail.append(AuditEvent(event.pgh_created_at, event.pgh_label, actor_id, actors.get(actor_id), changes))
        previous = snapshot
    return trail
