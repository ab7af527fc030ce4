"""The academic year and a student's final year, one rule written three ways: in Python, as a ``Q`` for the ORM
and as a SQL fragment for the scoring statements. Academic years begin on 1 September; a student enrolled in
``cohort_year`` on a program of ``duration_years`` is in its final year in academic year
cohort_year + duration_years − 1."""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from colleges.models import Student


def academic_year(day: datetime.date) -> int:
    """The year in which the academic year containing ``day`` began."""
    return day.year if day.month >= 9 else day.year - 1


def is_final_year(student: Student, *, day: datetime.date | None = None) -> bool:
    """Whether ``student`` (with its program) is in the last year of their program on ``day`` (today)."""
    final = student.cohort_year + student.program.duration_years - 1
    return final == academic_year(day or timezone.localdate())


def in_final_year(student_path: str = "", *, day: datetime.date | None = None) -> Q:
    """Students (at ``student_path``) in the last year of their program on ``day`` (today)."""
    prefix = f"{student_path}__" if student_path else ""
    last_cohort = academic_year(day or timezone.localdate()) + 1
    return Q(**{f"{prefix}cohort_year": last_cohort - F(f"{prefix}program__duration_years")})


def final_year_sql(student: str, program: str) -> str:
    """The SQL condition that the row of ``student`` (an alias, with its ``program``'s) is in its final year in the
    academic year passed as the ``%(academic_year)s`` parameter."""
    return f"{student}.cohort_year + {program}.duration_years - 1 = %(academic_year)s"
