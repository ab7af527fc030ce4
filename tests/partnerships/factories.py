import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from enterprises.models import Posting
from partnerships.choices import (
    AgreementKind,
    AgreementStatus,
    CommitmentKind,
    Party,
    PlacementStatus,
    TrainingBaseKind,
    VersionStatus,
)
from partnerships.models import (
    AgreementApproval,
    AgreementScan,
    AgreementVersion,
    AllocationChoice,
    AllocationOutcome,
    AllocationRanking,
    AllocationRound,
    AllocationRoundCollege,
    AllocationRoundPosting,
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    SkillProfile,
    TrainingBase,
)
from tests.cities.factories import CityFactory, SkillFactory
from tests.colleges.factories import CollegeFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, PostingFactory


class TrainingBaseFactory(DjangoModelFactory):
    class Meta:
        model = TrainingBase

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Public Training Centre {n}")
    kind = TrainingBaseKind.PUBLIC
    stations = 40
    equipment_value = Decimal("1500000.00")


class CooperationAgreementFactory(DjangoModelFactory):
    """A draft agreement between a college and an enterprise of the same city."""

    class Meta:
        model = CooperationAgreement

    college = factory.SubFactory(CollegeFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, city=factory.SelfAttribute("..college.city"))
    kind = AgreementKind.INTERNSHIP_BASE
    title = factory.Sequence(lambda n: f"Internship base agreement {n}")
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2029, 8, 31)

    class Params:
        proposed = factory.Trait(
            status=AgreementStatus.PROPOSED,
            proposer_party=Party.COLLEGE,
            proposed_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2)),
        )
        active = factory.Trait(
            proposed=True,
            status=AgreementStatus.ACTIVE,
            countersigned_at=factory.LazyFunction(timezone.now),
        )


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(CooperationAgreementFactory)
    party = Party.ENTERPRISE
    kind = CommitmentKind.SLOTS
    amount = Decimal("30")


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    agreement = factory.SubFactory(CooperationAgreementFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = datetime.date(2027, 1, 15)


class CouncilSeatFactory(DjangoModelFactory):
    class Meta:
        model = CouncilSeat

    college = factory.SubFactory(CollegeFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, city=factory.SelfAttribute("..college.city"))
    representative_name = factory.Sequence(lambda n: f"Representative {n}")
    started_on = datetime.date(2025, 9, 1)


class ApplicationFactory(DjangoModelFactory):
    """An application of a student to a posting of an enterprise in the student's city."""

    class Meta:
        model = Application

    student = factory.SubFactory(StudentFactory)
    posting = factory.SubFactory(
        PostingFactory, enterprise__city=factory.SelfAttribute("...student.program.college.city")
    )


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    student = factory.SubFactory(StudentFactory)
    posting = factory.SubFactory(
        PostingFactory, enterprise__city=factory.SelfAttribute("...student.program.college.city")
    )
    starts_on = factory.LazyAttribute(lambda placement: placement.posting.starts_on)
    ends_on = factory.LazyAttribute(lambda placement: placement.posting.ends_on)

    @factory.post_generation
    def take_a_slot(placement, create, extracted, **kwargs):
        """Keep the posting's fill counter true, as the placement services do (a cancelled one holds no slot)."""
        if create and placement.status != PlacementStatus.CANCELLED:
            Posting.objects.filter(pk=placement.posting_id).update(filled_slots=F("filled_slots") + 1)
            placement.posting.refresh_from_db(fields=["filled_slots"])

    class Params:
        completed = factory.Trait(status=PlacementStatus.COMPLETED, completed_at=factory.LazyFunction(timezone.now))
        cancelled = factory.Trait(
            status=PlacementStatus.CANCELLED,
            cancelled_at=factory.LazyFunction(timezone.now),
            cancellation_reason="The student fell ill.",
        )


class AgreementVersionFactory(DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(CooperationAgreementFactory, proposed=True)
    number = factory.Sequence(lambda n: n + 1)
    terms = factory.LazyAttribute(lambda version: {"title": version.agreement.title})
    proposer_party = Party.COLLEGE


class AgreementApprovalFactory(DjangoModelFactory):
    class Meta:
        model = AgreementApproval

    version = factory.SubFactory(AgreementVersionFactory)
    party = Party.COLLEGE


# The smallest file that is a PDF (it starts with the signature ``%PDF-``), as a signed scan is.
SIGNED_PDF = b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def pdf_upload(name: str = "signed-agreement.pdf", content: bytes = SIGNED_PDF) -> SimpleUploadedFile:
    """A file as a browser uploads it; the content type it claims is the sender's say, as a browser's is."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class AgreementScanFactory(DjangoModelFactory):
    """A signed scan of an approved version, attached by the college (its file in the default storage)."""

    class Meta:
        model = AgreementScan

    version = factory.SubFactory(AgreementVersionFactory, status=VersionStatus.APPROVED)
    file = factory.django.FileField(filename="signed-agreement.pdf", data=SIGNED_PDF)
    original_name = "signed-agreement.pdf"
    size = len(SIGNED_PDF)
    party = Party.COLLEGE


class SkillProfileFactory(DjangoModelFactory):
    """A posting's row of the skill profiles (a program's has ``program`` instead)."""

    class Meta:
        model = SkillProfile

    posting = factory.SubFactory(PostingFactory)
    city = factory.SelfAttribute("posting.enterprise.city")
    skill = factory.SubFactory(SkillFactory)
    weight = 0.5


class AllocationRoundFactory(DjangoModelFactory):
    """An open round of a city whose window is under way (a week from yesterday)."""

    class Meta:
        model = AllocationRound

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Autumn internship round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=6))
    status = "open"
    seed = factory.Sequence(lambda n: 1000 + n)


class AllocationRoundPostingFactory(DjangoModelFactory):
    class Meta:
        model = AllocationRoundPosting

    round = factory.SubFactory(AllocationRoundFactory)
    posting = factory.SubFactory(
        PostingFactory, enterprise__city=factory.SelfAttribute("...round.city"), status="open"
    )
    slots = 2


class AllocationRoundCollegeFactory(DjangoModelFactory):
    class Meta:
        model = AllocationRoundCollege

    round = factory.SubFactory(AllocationRoundFactory)
    college = factory.SubFactory(CollegeFactory, city=factory.SelfAttribute("..round.city"))


class AllocationChoiceFactory(DjangoModelFactory):
    class Meta:
        model = AllocationChoice

    round = factory.SubFactory(AllocationRoundFactory)
    student = factory.SubFactory(StudentFactory, program__college__city=factory.SelfAttribute("....round.city"))
    rank = factory.Sequence(lambda n: n + 1)
    posting = factory.SubFactory(
        PostingFactory, enterprise__city=factory.SelfAttribute("...round.city"), status="open"
    )


class AllocationRankingFactory(DjangoModelFactory):
    class Meta:
        model = AllocationRanking

    round = factory.SubFactory(AllocationRoundFactory)
    posting = factory.SubFactory(
        PostingFactory, enterprise__city=factory.SelfAttribute("...round.city"), status="open"
    )
    student = factory.SubFactory(StudentFactory, program__college__city=factory.SelfAttribute("....round.city"))
    rank = 1


class AllocationOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = AllocationOutcome

    round = factory.SubFactory(AllocationRoundFactory)
    student = factory.SubFactory(StudentFactory, program__college__city=factory.SelfAttribute("....round.city"))
    posting = factory.SubFactory(
        PostingFactory, enterprise__city=factory.SelfAttribute("...round.city"), status="open"
    )
    choice_rank = 1
