"""The partnerships app's Celery tasks (thin: each calls a service)."""

from celery import shared_task

from cities.models import City
from partnerships.services.recommendations import skill_profile_rebuild, skill_profile_vacuum


@shared_task(name="partnerships.skill_profiles_nightly", acks_late=True, reject_on_worker_lost=True)
def skill_profiles_nightly_task() -> int:
    """Rebuild every city's skill profiles (the beat schedule); idempotent. The rows written."""
    written = sum(
        skill_profile_rebuild(city_id=city_id) for city_id in City.objects.order_by("pk").values_list("pk", flat=True)
    )
    skill_profile_vacuum()
    return written
