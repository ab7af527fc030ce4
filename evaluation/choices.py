from django.db import models
from django.utils.translation import gettext_lazy as _

# The health bands live with the agreements they classify (whose lists filter by them), below evaluation.
from partnerships.choices import HealthBand

__all__ = ["AggregateDimension", "CertificationStatus", "HealthBand", "RunState", "RunTrigger", "ScoreKind"]


class ScoreKind(models.TextChoices):
    HEALTH = "health", _("Partnership health")
    TALENT = "talent", _("Talent evaluation")


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    PUBLISHING = "publishing", _("Publishing")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    # Not a recomputation: the home of the incremental path's scores in a city that has published no run yet.
    BASELINE = "baseline", _("Kept by changes, before the first run")


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Nightly schedule")
    MANUAL = "manual", _("Asked for by a city official")
    COMMAND = "command", _("manage.py recompute_scores")
    INCREMENTAL = "incremental", _("Changes to the scores' inputs")


class AggregateDimension(models.TextChoices):
    """The breakdowns a run writes for the city's dashboards (docs/scoring.md)."""

    HEALTH_BY_KIND = "health_by_kind", _("Partnership health by agreement kind")
    HEALTH_BY_SECTOR = "health_by_sector", _("Partnership health by the enterprise's sector")
    HEALTH_BY_COLLEGE = "health_by_college", _("Partnership health by college")
    TALENT_BY_PROGRAM_COHORT = "talent_by_program_cohort", _("Talent by program and cohort")
    SUPPLY_DEMAND = "supply_demand", _("Graduates against talent demand, by sector")
    STATIONS_PER_STUDENT = "stations_per_student", _("Training stations per student, by college")
    CITY = "city", _("City-wide figures (Gini of stations, certifications, placement rate)")
    # The city dashboard's cells: small enough that the page's filters are a GROUP BY over them (docs/scoring.md).
    # A "…_by_college" row holds one college's cells, so that a college filter reads one row per run.
    HEALTH_CELL = "health_cell", _("Partnership health by sector and agreement kind")
    HEALTH_CELL_BY_COLLEGE = "health_cell_by_college", _("Partnership health by sector and kind, of one college")
    TALENT_CELL = "talent_cell", _("Talent score distribution by cohort")
    TALENT_CELL_BY_COLLEGE = "talent_cell_by_college", _("Talent score distribution by cohort, of one college")
    PROGRAM_SHORTFALL = "program_shortfall", _("Final-year students short of their program's requirements")
    COLLEGE_FIGURES = "college_figures", _("Programs, students and placement rate by college")
    ENTERPRISE_CELL = "enterprise_cell", _("Enterprises, certifications and slots by sector")
    SECTOR_ALIGNMENT = "sector_alignment", _("Graduates against demand and postings, by sector section")
    PLACEMENT_FUNNEL = "placement_funnel", _("Placement funnel by sector")
    PLACEMENT_FUNNEL_BY_COLLEGE = "placement_funnel_by_college", _("Placement funnel by sector, of one college")


class CertificationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CERTIFIED = "certified", _("Certified")
    REJECTED = "rejected", _("Rejected")
    REVOKED = "revoked", _("Revoked")
