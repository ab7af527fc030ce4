"""Enterprise representatives on a college's council."""

from common.services import model_create, model_update
from partnerships.models import CouncilSeat


def council_seat_create(*, college_id: int, **fields) -> CouncilSeat:
    return model_create(CouncilSeat, college_id=college_id, **fields)


def council_seat_update(*, seat: CouncilSeat, **changes) -> CouncilSeat:
    return model_update(seat, **changes)


def council_seat_delete(*, seat: CouncilSeat) -> None:
    seat.delete()
