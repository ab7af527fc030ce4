from celery import shared_task

from evaluation.selectors import city_overview_get


@shared_task(name="evaluation.city_overview")
def city_overview_task(city_id: int) -> dict[str, int]:
    """Count a city's organisations and activity; also the smoke test that a worker reaches the database."""
    return city_overview_get(city_id=city_id)
