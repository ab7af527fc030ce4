"""The skill profiles recommendations choose their candidates from (partnerships/recommendations.py).

They are derived data: rebuilt for a city every night (``partnerships.skill_profiles_nightly``) and at the end of
the demo seed, and a posting's own rows whenever it opens or an open posting changes, so a posting is recommended
from the moment it opens. Between two rebuilds a program's shares may lag its students; that changes which programs'
students are looked at first for a posting, never a score, which is always computed from the live rows.
"""

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count

from colleges.choices import StudentStatus
from colleges.models import Student
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.models import SkillProfile

BATCH = 5000


def _posting_profiles(postings) -> list[SkillProfile]:
    rows = list(
        Posting.skills.through.objects.filter(posting__in=postings).values_list(
            "posting_id", "skill_id", "posting__enterprise__city_id"
        )
    )
    skills_of = Counter(posting_id for posting_id, _skill, _city in rows)
    return [
        SkillProfile(city_id=city_id, skill_id=skill_id, posting_id=posting_id, weight=1 / skills_of[posting_id])
        for posting_id, skill_id, city_id in rows
    ]


@transaction.atomic
def skill_profile_rebuild(*, city_id: int) -> int:
    """Replace the city's skill profiles: each open posting's skills, each program's share of enrolled students
    holding each skill. Set-based (two aggregate reads, batched inserts); the rows written."""
    SkillProfile.objects.filter(city_id=city_id).delete()
    postings = Posting.objects.filter(enterprise__city_id=city_id, status=PostingStatus.OPEN)
    enrolled = Student.objects.filter(program__college__city_id=city_id, status=StudentStatus.ENROLLED)
    students_of = dict(enrolled.values("program_id").annotate(count=Count("pk")).values_list("program_id", "count"))
    holders = (
        Student.skills.through.objects.filter(student__in=enrolled)
        .values("student__program_id", "skill_id")
        .annotate(count=Count("pk"))
        .values_list("student__program_id", "skill_id", "count")
    )
    programs = [
        SkillProfile(city_id=city_id, skill_id=skill_id, program_id=program_id, weight=count / students_of[program_id])
        for program_id, skill_id, count in holders
    ]
    return len(SkillProfile.objects.bulk_create(_posting_profiles(postings) + programs, batch_size=BATCH))


def skill_profile_posting_refresh(*, posting: Posting) -> None:
    """Bring ``posting``'s rows in line with it: its skills while it is open, none otherwise."""
    SkillProfile.objects.filter(posting=posting).delete()
    if posting.status == PostingStatus.OPEN:
        SkillProfile.objects.bulk_create(_posting_profiles([posting]))


def skill_profile_vacuum() -> None:
    """After a rebuild, on PostgreSQL: mark the table's pages all-visible, so that the candidates are read from its
    index alone (index-only scans), and refresh its statistics. VACUUM cannot run inside a transaction: within one
    (a test's), autovacuum is left to do it."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM ANALYZE "{SkillProfile._meta.db_table}"')
