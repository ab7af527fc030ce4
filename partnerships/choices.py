from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingBaseKind(models.TextChoices):
    IN_SCHOOL = "in_school", _("In-school")
    OFF_CAMPUS = "off_campus", _("Off-campus")
    CO_BUILT = "co_built", _("Co-built by a college and an enterprise")
    PUBLIC = "public", _("Public (city-owned, shared)")


class AgreementKind(models.TextChoices):
    INTERNSHIP_BASE = "internship_base", _("Internship base")
    ORDER_CLASS = "order_class", _("Order class")
    MODERN_APPRENTICESHIP = "modern_apprenticeship", _("Modern apprenticeship")
    INDUSTRIAL_COLLEGE = "industrial_college", _("Industrial college")
    CO_BUILT_TRAINING_BASE = "co_built_training_base", _("Co-built training base")
    JOINT_RD = "joint_rd", _("Joint R&D / technology transfer")
    STAFF_EXCHANGE = "staff_exchange", _("Staff exchange")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class Party(models.TextChoices):
    """The two sides of a cooperation agreement."""

    COLLEGE = "college", _("College")
    ENTERPRISE = "enterprise", _("Enterprise")


class VersionStatus(models.TextChoices):
    """Where a version of an agreement's terms stands."""

    PENDING = "pending", _("Awaiting the other party's approval")
    APPROVED = "approved", _("Approved by both parties")
    SUPERSEDED = "superseded", _("Replaced by a later version")
    WITHDRAWN = "withdrawn", _("Withdrawn or declined before approval")


# The versions both parties approved, the one in force or one an amendment replaced since: the versions that were
# signed, so the ones a signed scan is attached to.
SIGNED_VERSIONS = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)


class HealthBand(models.TextChoices):
    """Bands of an agreement's partnership health (evaluation computes the score; agreement lists filter by band)."""

    HEALTHY = "healthy", _("Healthy")
    WATCH = "watch", _("Watch")
    AT_RISK = "at_risk", _("At risk")
    NOT_ENOUGH_DATA = "not_enough_data", _("Not enough data yet")


class CommitmentKind(models.TextChoices):
    SLOTS = "slots", _("Internship or apprenticeship slots")
    MONEY = "money", _("Money (CNY)")
    EQUIPMENT = "equipment", _("Equipment (CNY value)")
    HIRES = "hires", _("Graduates hired")
    TEACHING_HOURS = "teaching_hours", _("Teaching or mentoring hours")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Member")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined by the student")
    REJECTED = "rejected", _("Rejected by the enterprise")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed (posting filled or closed)")


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The workflow steps of a record: its API resource's actions and the rules of partnerships/permissions.py are both
# made from these names (tests/partnerships/test_step_rules.py checks that they agree).
AGREEMENT_STEPS = (
    "propose",
    "countersign",
    "decline",
    "amend",
    "approve_amendment",
    "decline_amendment",
    "complete",
    "terminate",
    "renew",
)
# An application's steps by the side that takes them: the posting's enterprise, then the student's college.
ENTERPRISE_APPLICATION_STEPS = ("shortlist", "offer", "reject")
COLLEGE_APPLICATION_STEPS = ("withdraw", "accept", "decline")


class AllocationRoundStatus(models.TextChoices):
    """Where a city allocation round stands (docs/matching.md, "Allocation rounds on the platform")."""

    SETUP = "setup", _("Being set up")
    OPEN = "open", _("Open for choices and rankings")
    RUNNING = "running", _("Running")
    DRAFTED = "drafted", _("Draft result to review")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")


# Rounds that are not over: a student takes part in one of them at a time.
LIVE_ROUNDS = (
    AllocationRoundStatus.OPEN,
    AllocationRoundStatus.RUNNING,
    AllocationRoundStatus.DRAFTED,
    AllocationRoundStatus.FAILED,
)
# A round may be run (again) from these: a re-run replaces the draft with the same result (same seed).
ALLOCATION_RUNNABLE = (AllocationRoundStatus.OPEN, AllocationRoundStatus.DRAFTED, AllocationRoundStatus.FAILED)


class RankingSource(models.TextChoices):
    """Whose order of a posting's applicants a round uses."""

    ENTERPRISE = "enterprise", _("Ranked by the enterprise")
    RECOMMENDED = "recommended", _("Default ranking by recommendation score")


class UnplacedReason(models.TextChoices):
    """Why a round left a student without a posting; the codes of partnerships.solver, by the same order."""

    MATCHED = "", _("Placed")
    NO_CHOICES = "no_choices", _("Made no choices")
    NOT_ACCEPTABLE = "not_acceptable", _("No posting on the list ranked the student")
    OUTRANKED = "outranked", _("Every posting on the list was filled by students ranked higher")


# The workflow steps of an allocation round, the API resource's actions and the rules of partnerships/permissions.py.
ALLOCATION_ROUND_STEPS = ("open", "run", "publish")
