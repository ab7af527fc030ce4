import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from enterprises.choices import EnterpriseSize, InvestmentPurpose, PostingKind
from enterprises.models import EducationInvestment, Enterprise, EnterpriseStaff, Posting, TalentDemand
from enterprises.validators import credit_code_check_character
from tests.accounts.factories import UserFactory
from tests.cities.factories import CityFactory, DivisionFactory, SkillFactory


def credit_code(n: int) -> str:
    """A valid unified social credit code, unique per ``n``."""
    first17 = f"91320505{n:09d}"
    return first17 + credit_code_check_character(first17)


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Precision Manufacturing Co. {n}")
    credit_code = factory.Sequence(credit_code)
    sector = factory.SubFactory(DivisionFactory)
    size = EnterpriseSize.MEDIUM
    district = "Industrial Park"


class EnterpriseStaffFactory(DjangoModelFactory):
    class Meta:
        model = EnterpriseStaff

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    title = "HR manager"
    is_mentor = True


class EducationInvestmentFactory(DjangoModelFactory):
    class Meta:
        model = EducationInvestment

    enterprise = factory.SubFactory(EnterpriseFactory)
    amount = Decimal("200000.00")
    invested_on = datetime.date(2025, 9, 1)
    purpose = InvestmentPurpose.EQUIPMENT


class PostingFactory(DjangoModelFactory):
    class Meta:
        model = Posting

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = PostingKind.INTERNSHIP
    title = factory.Sequence(lambda n: f"Robot cell technician intern {n}")
    sector = factory.SubFactory(DivisionFactory)
    slots = 5
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=120))
    daily_hours = Decimal("8.0")
    stipend_monthly = Decimal("2400.00")


class TalentDemandFactory(DjangoModelFactory):
    class Meta:
        model = TalentDemand

    enterprise = factory.SubFactory(EnterpriseFactory)
    sector = factory.SubFactory(DivisionFactory)
    skill = factory.SubFactory(SkillFactory)
    headcount = 10
    year = 2026
