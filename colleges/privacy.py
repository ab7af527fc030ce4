"""Who sees which of a student's personal fields, and how masked values look.

- College staff of the student's college and platform admins: everything.
- Enterprise staff (only ever for their own applicants): name and student number, to decide; the phone only
  once the student has accepted the enterprise's offer; never the national ID number.
- City officials: every personal field masked, enough to recognise a record, not to identify a person.
"""

from accounts.choices import Role
from accounts.principals import Principal

PERSONAL_FIELDS = ("name", "student_number", "national_id", "phone")


def mask(value: str, *, keep_start: int, keep_end: int) -> str:
    """``value`` with all but its first ``keep_start`` and last ``keep_end`` characters replaced by ``*``."""
    hidden = max(len(value) - keep_start - keep_end, 0)
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :] if hidden else "*" * len(value)


MASKS = {
    "name": lambda value: mask(value, keep_start=1, keep_end=0),
    "student_number": lambda value: mask(value, keep_start=0, keep_end=4),
    "national_id": lambda value: mask(value, keep_start=6, keep_end=4),
    "phone": lambda value: mask(value, keep_start=3, keep_end=4),
}


def present_personal_fields(data: dict, *, principal: Principal, contact_released: bool = False) -> dict:
    """``data`` (a serialised student) with its personal fields as ``principal`` may see them (None: withheld)."""
    match principal.role:
        case Role.PLATFORM_ADMIN | Role.COLLEGE_STAFF:
            return data
        case Role.ENTERPRISE_STAFF:
            withheld = {"national_id"} if contact_released else {"national_id", "phone"}
            return {**data, **dict.fromkeys(withheld & data.keys())}
        case Role.CITY_OFFICIAL:
            return {**data, **{field: MASKS[field](data[field]) for field in PERSONAL_FIELDS if data.get(field)}}
    return {**data, **dict.fromkeys(set(PERSONAL_FIELDS) & data.keys())}


def personal_fields_of(student, *, principal: Principal) -> dict:
    """A student's personal fields as ``principal`` may see them (None: withheld), as the API shows them."""
    fields = {field: getattr(student, field) for field in PERSONAL_FIELDS}
    shown = present_personal_fields(
        fields, principal=principal, contact_released=getattr(student, "contact_released", False)
    )
    return {field: shown.get(field) for field in PERSONAL_FIELDS}
