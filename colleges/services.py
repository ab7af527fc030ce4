"""Writes of the colleges app. Each validates the whole row (fields and constraints) before it touches the table."""

from django.db import transaction

from colleges.models import College, Course, Program, Student, StudentCertificate
from common.services import model_create, model_update


def college_update(*, college: College, **changes) -> College:
    return model_update(college, **changes)


def program_create(*, college_id: int, **fields) -> Program:
    return model_create(Program, college_id=college_id, **fields)


def program_update(*, program: Program, **changes) -> Program:
    return model_update(program, **changes)


@transaction.atomic
def program_delete(*, program: Program) -> None:
    """Delete a program and its courses; refused (409) while it has students."""
    program.delete()


def course_create(*, program: Program, **fields) -> Course:
    return model_create(Course, program=program, **fields)


def course_update(*, course: Course, **changes) -> Course:
    return model_update(course, **changes)


def course_delete(*, course: Course) -> None:
    course.delete()


def student_create(*, program: Program, **fields) -> Student:
    return model_create(Student, program=program, **fields)


def student_update(*, student: Student, **changes) -> Student:
    return model_update(student, **changes)


@transaction.atomic
def student_delete(*, student: Student) -> None:
    """Delete a student with their applications and certificates; refused (409) once they have a placement."""
    student.delete()


def student_certificate_create(*, student: Student, **fields) -> StudentCertificate:
    return model_create(StudentCertificate, student=student, **fields)


def student_certificate_update(*, award: StudentCertificate, **changes) -> StudentCertificate:
    return model_update(award, **changes)


def student_certificate_delete(*, award: StudentCertificate) -> None:
    award.delete()
