"""The catalogue the city uses (sectors, skills, 1+X certificates), its colleges with staff, programs and courses,
its enterprises with staff, its officials, and the training bases that exist without an agreement."""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from cities.choices import SectorLevel
from cities.models import IndustrySector, Skill
from colleges.choices import CollegeKind, ProgramLevel
from colleges.models import Certificate
from demo.context import CollegeRecord, EnterpriseRecord, Member, ProgramRecord, SeedContext, unique_name
from demo.identities import Identities, expand_weights
from demo.vocabulary import (
    ALL_FIELDS,
    BASE_FIELD_WORDS,
    CERTIFICATES,
    COLLEGE_KIND_WEIGHTS,
    COLLEGE_PROGRAM_LEVELS,
    COLLEGE_STAFF_TITLES,
    COLLEGE_SUFFIXES,
    COLLEGES,
    ENTERPRISE_FORMS,
    ENTERPRISE_STAFF_TITLES,
    FIELD_WORDS,
    INDUSTRY_STANDARDS,
    INTERNSHIP_COURSE,
    INTERNSHIP_STANDARD,
    LEVEL_DURATION,
    LEVEL_INTAKE,
    LEVEL_PRACTICAL_SHARE,
    LEVEL_PRACTICE_HOURS,
    MENTOR_TITLES,
    OFFICIAL_TITLES,
    PROGRAMS,
    PUBLIC_COURSES,
    SECTOR_PROFILES,
    SKILLS,
    District,
)
from enterprises.choices import EnterpriseSize
from partnerships.choices import TrainingBaseKind

DEMO_ENTERPRISE_SECTOR = "35"
STAFF_PER_SIZE = {EnterpriseSize.LARGE: 4, EnterpriseSize.MEDIUM: 3, EnterpriseSize.SMALL: 2, EnterpriseSize.MICRO: 1}
EMPLOYEES_PER_SIZE = {
    EnterpriseSize.LARGE: (1000, 8000),
    EnterpriseSize.MEDIUM: (300, 999),
    EnterpriseSize.SMALL: (20, 299),
    EnterpriseSize.MICRO: (5, 19),
}
STATIONS_PER_KIND = {
    TrainingBaseKind.IN_SCHOOL: (30, 200),
    TrainingBaseKind.OFF_CAMPUS: (10, 80),
    TrainingBaseKind.CO_BUILT: (40, 150),
    TrainingBaseKind.PUBLIC: (80, 400),
}


TALENT_WORDS = {
    ProgramLevel.SECONDARY_VOCATIONAL: "技能人才",
    ProgramLevel.HIGHER_VOCATIONAL: "高技能人才",
    ProgramLevel.VOCATIONAL_UNDERGRADUATE: "高层次技术技能人才",
    ProgramLevel.UNDERGRADUATE: "高素质应用型人才",
}


def load_catalogue(ctx: SeedContext) -> None:
    """Find the GB/T 4754 divisions and the shared skills and certificates, creating those not there yet."""
    for sector_id, code, name in IndustrySector.objects.filter(level=SectorLevel.DIVISION).values_list(
        "id", "code", "name_zh"
    ):
        ctx.sector_ids[code] = sector_id
        ctx.sector_names[code] = name
    existing = {name.lower() for name in Skill.objects.values_list("name", flat=True)}
    Skill.objects.bulk_create(
        Skill(name=name, sector_id=ctx.sector_ids[sector])
        for name, sector in SKILLS.items()
        if name.lower() not in existing
    )
    by_lower = {name.lower(): skill_id for skill_id, name in Skill.objects.values_list("id", "name")}
    ctx.skill_ids = {name: by_lower[name.lower()] for name in SKILLS}
    existing = set(Certificate.objects.values_list("code", flat=True))
    Certificate.objects.bulk_create(
        Certificate(
            code=spec.code, name=spec.name, awarding_body=spec.awarding_body, sector_id=ctx.sector_ids[spec.sector]
        )
        for spec in CERTIFICATES
        if spec.code not in existing
    )
    ctx.certificate_ids = dict(
        Certificate.objects.filter(code__in=[spec.code for spec in CERTIFICATES]).values_list("code", "id")
    )


def add_user(ctx: SeedContext, people: Identities, username: str) -> int:
    """A staff user who cannot sign in (no password hashing per row); only the demo accounts have passwords."""
    surname, given = people.person(female=ctx.rng.random() < 0.45)
    joined = ctx.moment(ctx.day_between(datetime.date(ctx.as_of.year - 3, 1, 1), ctx.as_of))
    password = f"{UNUSABLE_PASSWORD_PREFIX}{ctx.rng.getrandbits(160):040x}"
    email = f"{username}@{ctx.profile.email_domain}"
    # No language chosen: the pages follow the browser until the user picks one.
    return ctx.tables.users.add(password, None, False, username, given, surname, email, False, True, joined, "")


def build_colleges(ctx: SeedContext, people: Identities) -> None:
    rng = ctx.rng
    count = ctx.count(12, len(CollegeKind))
    programs = ctx.count(60, 2 * count)
    kind_of = ctx.picker(COLLEGE_KIND_WEIGHTS)
    names: set[str] = set()
    profile = ctx.profile
    for index in range(count):
        kind = kind_of()
        spec = next((spec for spec in COLLEGES if spec.kind == kind and profile.stem + spec.suffix not in names), None)
        name, fields = (
            (profile.stem + spec.suffix, spec.fields) if spec else _invented_college(ctx, people, kind, names)
        )
        names.add(name)
        district = rng.choice(profile.districts)
        code = f"{3 if kind == CollegeKind.SECONDARY_VOCATIONAL else 4}{profile.college_code_stem}{index + 1:04d}"
        college_id = ctx.tables.colleges.add(ctx.city_id, name, code, kind, district.name)
        college = CollegeRecord(college_id, index, name, kind, district, fields)
        for number, title in enumerate(rng.sample(COLLEGE_STAFF_TITLES, rng.randint(4, 6)), start=1):
            if index == 0 and number == 1:
                user_id = ctx.demo_user_ids["college"]
            else:
                user_id = add_user(ctx, people, f"{profile.slug}-c{index + 1:04d}-{number}")
            college.staff.append(Member(ctx.tables.college_staff.add(user_id, college_id, title), user_id))
        _build_programs(ctx, college, programs // count + (index < programs % count))
        ctx.colleges.append(college)


def _invented_college(ctx: SeedContext, people: Identities, kind: str, taken: set[str]) -> tuple[str, tuple[str, ...]]:
    """A college name beyond the city's public ones: a district's or a private founder's, with one field."""
    rng = ctx.rng
    while True:
        field = rng.choice(ALL_FIELDS)
        districts, city_stem = ctx.profile.districts, ctx.profile.stem
        stem = rng.choice(districts).stem if rng.random() < 0.5 else city_stem + people.brand()
        name = f"{stem}{FIELD_WORDS[field]}{rng.choice(COLLEGE_SUFFIXES[kind])}"
        if name not in taken:
            return name, (field,)


def _build_programs(ctx: SeedContext, college: CollegeRecord, count: int) -> None:
    rng = ctx.rng
    level = COLLEGE_PROGRAM_LEVELS[college.kind]
    preferred = [spec for spec in PROGRAMS if spec.level == level and spec.field in college.fields]
    others = [spec for spec in PROGRAMS if spec.level == level and spec.field not in college.fields]
    if college.index:
        rng.shuffle(preferred)
        rng.shuffle(others)
    chosen = (preferred + others)[:count]
    # Some higher vocational colleges pilot a vocational undergraduate program; the demo college always does.
    if college.kind == CollegeKind.HIGHER_VOCATIONAL and len(chosen) > 1 and (not college.index or rng.random() < 0.3):
        pilots = [spec for spec in PROGRAMS if spec.level == ProgramLevel.VOCATIONAL_UNDERGRADUATE]
        chosen[-1] = next((spec for spec in pilots if spec.field in college.fields), pilots[0])
    tables = ctx.tables
    for spec in chosen:
        duration = LEVEL_DURATION[spec.level]
        hours = rng.randrange(*LEVEL_PRACTICE_HOURS[spec.level], 40)
        program_id = tables.programs.add(
            college.id,
            spec.code,
            spec.name,
            spec.level,
            duration,
            rng.randrange(*LEVEL_INTAKE[spec.level], 5),
            _training_objective(ctx, spec),
            Decimal(f"{rng.uniform(*LEVEL_PRACTICAL_SHARE[spec.level]):.3f}"),
            hours,
        )
        for sector in spec.sectors:
            tables.program_sectors.add(program_id, ctx.sector_ids[sector])
            if sector not in college.sectors:
                college.sectors.append(sector)
        certificate_ids = [ctx.certificate_ids[code] for code in spec.certificates]
        for certificate_id in certificate_ids:
            tables.program_certificates.add(program_id, certificate_id)
        _add_courses(ctx, program_id, spec)
        skill_ids = [ctx.skill_ids[skill] for skill in spec.skills]
        college.programs.append(ProgramRecord(program_id, spec, duration, hours, skill_ids, certificate_ids))


def _training_objective(ctx: SeedContext, spec) -> str:
    sectors = "、".join(ctx.sector_names[sector] for sector in spec.sectors)
    roles = "、".join(SECTOR_PROFILES[spec.sectors[0]].roles[:2])
    return (
        f"本专业培养理想信念坚定，德、智、体、美、劳全面发展，掌握{'、'.join(spec.skills[:3])}等知识和技术技能，"
        f"面向{sectors}的{roles}等岗位（群），能够从事{spec.name}相关工作的{TALENT_WORDS[spec.level]}。"
    )


def _add_courses(ctx: SeedContext, program_id: int, spec) -> None:
    rng = ctx.rng
    courses = [(name, credits, practical, "") for name, credits, practical in PUBLIC_COURSES[spec.level]]
    courses += [
        (skill, 4, rng.choice((1.5, 2, 2.5, 3)), rng.choice(INDUSTRY_STANDARDS[spec.field])) for skill in spec.skills
    ]
    courses.append((*INTERNSHIP_COURSE, INTERNSHIP_STANDARD))
    for number, (name, credits, practical, standards) in enumerate(courses, start=1):
        ctx.tables.courses.add(
            program_id, f"{spec.code[:6]}{number:02d}", name, Decimal(credits), Decimal(str(practical)), standards
        )


def build_enterprises(ctx: SeedContext, people: Identities) -> None:
    rng = ctx.rng
    size_of = ctx.picker(
        {EnterpriseSize.LARGE: 8, EnterpriseSize.MEDIUM: 22, EnterpriseSize.SMALL: 45, EnterpriseSize.MICRO: 25}
    )
    sectors = list(SECTOR_PROFILES)
    profile = ctx.profile
    sector_weights = [5 if sector in profile.priority_sectors else 1 for sector in sectors]
    forms = expand_weights(ENTERPRISE_FORMS)
    names: set[str] = set()
    for index in range(ctx.count(150, 16)):
        size = size_of()
        sector = DEMO_ENTERPRISE_SECTOR if index == 0 else rng.choices(sectors, sector_weights)[0]
        brand, name = _enterprise_name(ctx, people, sector, size, forms, names)
        district = rng.choice(profile.districts)
        credit_code = people.credit_code(district.division_code if rng.random() < 0.7 else profile.division_code)
        employees = rng.randint(*EMPLOYEES_PER_SIZE[size])
        founded = rng.randint(1995, ctx.as_of.year - 1)
        description = f"{name}成立于{founded}年，主营{ctx.sector_names[sector]}相关业务，现有员工约{employees}人。"
        enterprise_id = ctx.tables.enterprises.add(
            ctx.city_id, name, credit_code, ctx.sector_ids[sector], size, district.name, description
        )
        enterprise = EnterpriseRecord(enterprise_id, index, name, brand, sector, size, district)
        staff = STAFF_PER_SIZE[size]
        for number in range(1, staff + 1):
            demo = index == 0 and number == 1
            mentor = demo or number > 1 or staff == 1
            title = rng.choice(MENTOR_TITLES if mentor else ENTERPRISE_STAFF_TITLES)
            if demo:
                user_id = ctx.demo_user_ids["enterprise"]
            else:
                user_id = add_user(ctx, people, f"{profile.slug}-e{index + 1:06d}-{number}")
            member = Member(ctx.tables.enterprise_staff.add(user_id, enterprise_id, title, mentor), user_id)
            enterprise.staff.append(member)
            if mentor:
                enterprise.mentors.append(member)
        ctx.enterprises.append(enterprise)
        ctx.enterprises_by_sector.setdefault(sector, []).append(enterprise)


def _enterprise_name(ctx: SeedContext, people: Identities, sector: str, size: str, forms: list[str], taken: set[str]):
    """(trade name, registered name): a registered name carries the city or the province, as the rules require."""
    rng, stem, province = ctx.rng, ctx.profile.stem, ctx.profile.province
    while True:
        brand = people.brand()
        trade = rng.choice(SECTOR_PROFILES[sector].trade_words)
        form = rng.choice(forms)
        if form == "集团有限公司" and size != EnterpriseSize.LARGE:
            form = "有限公司"
        where = rng.random()
        if where < 0.55:
            name = f"{stem}{brand}{trade}{form}"
        elif where < 0.8:
            name = f"{province[:2]}{brand}{trade}{form}"
        else:
            name = f"{brand}{trade}（{stem}）{form}"
        if name not in taken:
            taken.add(name)
            return brand, name


def build_officials(ctx: SeedContext, people: Identities) -> None:
    for number, title in enumerate(OFFICIAL_TITLES, start=1):
        if number == 1:
            user_id = ctx.demo_user_ids["official"]
        else:
            user_id = add_user(ctx, people, f"{ctx.profile.slug}-gov-{number}")
        ctx.tables.officials.add(user_id, ctx.city_id, title)
        ctx.officials.append(user_id)


def add_training_base(
    ctx: SeedContext,
    name: str,
    kind: str,
    sectors: list[str],
    opened_on: datetime.date,
    district: District,
    college: CollegeRecord | None = None,
    enterprise: EnterpriseRecord | None = None,
) -> int:
    rng = ctx.rng
    stations = rng.randint(*STATIONS_PER_KIND[kind])
    base_id = ctx.tables.bases.add(
        ctx.city_id,
        unique_name(name, ctx.base_names),
        kind,
        college.id if college else None,
        enterprise.id if enterprise else None,
        stations,
        Decimal(stations * rng.randrange(15_000, 80_000, 500)),
        district.name,
        opened_on,
    )
    for sector in sectors:
        ctx.tables.base_sectors.add(base_id, ctx.sector_ids[sector])
    if enterprise:
        enterprise.bases.append(base_id)
    return base_id


def build_training_bases(ctx: SeedContext) -> None:
    """In-school bases of each college, off-campus bases of some larger enterprises, and the city's public ones."""
    rng = ctx.rng
    opened = (datetime.date(2008, 1, 1), ctx.as_of - datetime.timedelta(days=180))
    for college in ctx.colleges:
        fields = list(dict.fromkeys(program.spec.field for program in college.programs))
        for field in fields[: rng.randint(1, 2)]:
            sectors = list(
                dict.fromkeys(
                    sector
                    for program in college.programs
                    if program.spec.field == field
                    for sector in program.spec.sectors
                )
            )
            name = f"{college.name}{BASE_FIELD_WORDS[field]}实训中心"
            add_training_base(
                ctx, name, TrainingBaseKind.IN_SCHOOL, sectors[:3], ctx.day_between(*opened), college.district, college
            )
    hosting = {EnterpriseSize.LARGE: 0.4, EnterpriseSize.MEDIUM: 0.15}
    for enterprise in ctx.enterprises:
        if enterprise.index == 0 or rng.random() < hosting.get(enterprise.size, 0):
            add_training_base(
                ctx,
                f"{enterprise.name}实习实训基地",
                TrainingBaseKind.OFF_CAMPUS,
                [enterprise.sector],
                ctx.day_between(*opened),
                enterprise.district,
                enterprise=enterprise,
            )
    for number in range(ctx.count(3, 2)):
        field = ALL_FIELDS[number % len(ALL_FIELDS)]
        sectors = list(dict.fromkeys(sector for spec in PROGRAMS if spec.field == field for sector in spec.sectors))
        ctx.public_bases.append(
            add_training_base(
                ctx,
                f"{ctx.profile.name}{BASE_FIELD_WORDS[field]}公共实训基地",
                TrainingBaseKind.PUBLIC,
                sectors[:3],
                ctx.day_between(datetime.date(2019, 6, 1), opened[1]),
                rng.choice(ctx.profile.districts),
            )
        )
