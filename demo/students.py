"""Students of every program: cohorts of the last years (final-year and recently graduated ones included), ID
numbers whose birth dates fit the cohort and level, practice hours, 2–4 of the program's skills and 1+X certificates.

This is the largest table (a million rows at scale 500), so the loop binds what it calls to local names.
"""

import datetime

from colleges.choices import CertificateLevel, StudentStatus
from demo.context import EARLIER, NOW, SeedContext
from demo.identities import Identities
from demo.vocabulary import FIELD_FEMALE_SHARE, LEVEL_ENROLMENT_AGE

CERTIFICATE_LEVEL_WEIGHTS = {
    CertificateLevel.PRIMARY: 60,
    CertificateLevel.INTERMEDIATE: 32,
    CertificateLevel.ADVANCED: 8,
}
GRADUATED_COHORTS = 2
WITHDRAWN_SHARE = 0.02
CERTIFICATE_SHARE = 0.4
SECOND_CERTIFICATE_SHARE = 0.2
PHONE_SHARE = 0.95


def build_students(ctx: SeedContext, people: Identities) -> None:
    programs = [
        (college, number, program)
        for college in ctx.colleges
        for number, program in enumerate(college.programs, start=1)
    ]
    weights = [program.duration + GRADUATED_COHORTS for _, _, program in programs]
    total = ctx.count(2000, 2 * sum(weights))
    shares = [total * weight // sum(weights) for weight in weights]
    for position in range(total - sum(shares)):
        shares[position % len(shares)] += 1

    rng = ctx.rng
    random, randint, choice, sample, uniform = rng.random, rng.randint, rng.choice, rng.sample, rng.uniform
    person, national_id, mobile = people.person, people.national_id, people.mobile
    add_student = ctx.tables.students.add
    add_skill = ctx.tables.student_skills.add
    add_certificate = ctx.tables.student_certificates.add
    level_of = ctx.picker(CERTIFICATE_LEVEL_WEIGHTS)
    candidates, student_college, student_born = ctx.candidates, ctx.student_college, ctx.student_born
    school_year = ctx.school_year
    for (college, number, program), share in zip(programs, shares, strict=True):
        spec, duration = program.spec, program.duration
        female_share = FIELD_FEMALE_SHARE[spec.field]
        enrolment_age = LEVEL_ENROLMENT_AGE[spec.level]
        hours = program.required_hours
        most_skills = min(4, len(program.skill_ids))
        pools = {
            group: [candidates.setdefault((group,), [])]
            + [candidates.setdefault((group, sector), []) for sector in spec.sectors]
            + [candidates.setdefault((group, sector, college.index), []) for sector in spec.sectors]
            for group in (NOW, EARLIER)
        }
        cohorts = duration + GRADUATED_COHORTS
        for offset in range(cohorts):
            cohort = school_year - offset
            year = offset + 1
            size = share // cohorts + (offset < share % cohorts)
            prefix = f"{cohort}{college.index + 1:04d}{number:02d}"
            for sequence in range(1, size + 1):
                female = random() < female_share
                surname, given = person(female)
                age = enrolment_age + (1 if random() < 0.15 else -1 if random() < 0.05 else 0)
                if random() < WITHDRAWN_SHARE:
                    status = StudentStatus.WITHDRAWN
                    practice = int(hours * (year - 0.5) / duration * uniform(0.1, 0.5))
                elif year > duration:
                    status = StudentStatus.GRADUATED
                    practice = int(hours * uniform(1.0, 1.3))
                else:
                    status = StudentStatus.ENROLLED
                    practice = int(hours * (year - 0.5) / duration * uniform(0.6, 1.1))
                citizen_id = national_id(cohort - age, female)
                student_id = add_student(
                    program.id,
                    cohort,
                    status,
                    practice,
                    surname + given,
                    f"{prefix}{sequence:04d}",
                    citizen_id,
                    mobile() if random() < PHONE_SHARE else "",
                )
                for skill_id in sample(program.skill_ids, randint(2, most_skills)):
                    add_skill(student_id, skill_id)
                if year >= 2 and program.certificate_ids and random() < CERTIFICATE_SHARE:
                    first = datetime.date(cohort + 1, 3, 1)
                    last = min(ctx.as_of, datetime.date(cohort + duration, 6, 30))
                    awards = {(choice(program.certificate_ids), level_of())}
                    if random() < SECOND_CERTIFICATE_SHARE:
                        awards.add((choice(program.certificate_ids), level_of()))
                    for certificate_id, level in sorted(awards):
                        add_certificate(student_id, certificate_id, level, ctx.day_between(first, last))
                if status == StudentStatus.WITHDRAWN or year < duration - 1:
                    continue
                student_college[student_id] = college
                student_born[student_id] = int(citizen_id[6:14])
                for pool in pools[NOW] if year <= duration else ():
                    pool.append(student_id)
                for pool in pools[EARLIER] if year >= duration else ():
                    pool.append(student_id)
