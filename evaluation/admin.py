from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyMixin
from evaluation.choices import ScoreKind
from evaluation.models import (
    RUBRIC_FIELDS,
    CityAggregate,
    CityScores,
    IntegrationCertification,
    MentorEvaluation,
    PartnershipHealth,
    PartnershipHealthSnapshot,
    PartyRating,
    ScoringModel,
    ScoringRun,
    ScoringRunChunk,
    TalentScore,
    TalentScoreSnapshot,
)
from evaluation.scoring.definitions import DEFINITIONS, scoring_model_revise, validate


@admin.register(IntegrationCertification)
class IntegrationCertificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Shown, never edited: an enterprise applies and an official of its city decides, through the services of
    evaluation/services.py (the API's actions); the decision is the city's, recorded with the official who made it,
    so the platform admin has no action here."""

    list_display = ("enterprise", "status", "applied_at", "decided_at", "decided_by", "revoked_at")
    list_select_related = ("enterprise", "decided_by")
    list_filter = ("status", "enterprise__city")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    date_hierarchy = "applied_at"
    ordering = ("-applied_at",)


# Evaluations and ratings are recorded once, by a mentor or a party, through evaluation/services.py (which check who
# may record what for which month); the admin shows them and records none.


@admin.register(MentorEvaluation)
class MentorEvaluationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("placement", "period", "mentor", *RUBRIC_FIELDS, "mean_mark")
    list_select_related = (
        "placement__student",
        "placement__posting__enterprise",
        "mentor__user",
        "mentor__enterprise",
    )
    list_filter = ("placement__posting__kind", "placement__posting__enterprise__city")
    search_fields = (
        "placement__student__student_number",
        "placement__student__name",
        "placement__posting__enterprise__name",
    )
    date_hierarchy = "period"
    ordering = ("-period",)

    @admin.display(description=_("mean mark"), ordering=sum(F(field) for field in RUBRIC_FIELDS))
    def mean_mark(self, evaluation):
        return sum(getattr(evaluation, field) for field in RUBRIC_FIELDS) / len(RUBRIC_FIELDS)


@admin.register(PartyRating)
class PartyRatingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("agreement", "rater_party", "score", "period", "rated_by")
    list_select_related = ("agreement", "rated_by")
    list_filter = ("rater_party", "score", "agreement__kind")
    search_fields = ("agreement__title", "agreement__college__name", "agreement__enterprise__name")
    date_hierarchy = "period"
    ordering = ("-period",)


# ------------------------------------------------------------------------------
# Scores: versions of the weights are edited here (each save makes the next version); the runs write the rest.
# ------------------------------------------------------------------------------
class ScoringModelForm(forms.ModelForm):
    """Weights and parameters checked as a run will use them, with the messages of ``validate`` on the fields."""

    class Meta:
        model = ScoringModel
        fields = ("kind", "weights", "parameters", "note")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        weights, parameters = cleaned.get("weights"), cleaned.get("parameters")
        for name, value in (("weights", weights), ("parameters", parameters)):
            if name in cleaned and not isinstance(value, dict):
                self.add_error(name, _("A JSON object of numbers by name."))
        if kind and isinstance(weights, dict) and isinstance(parameters, dict):
            try:
                validate(kind, weights, parameters)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(ScoringModel)
class ScoringModelAdmin(admin.ModelAdmin):
    """Saving a version (changed or new) makes the next version of its kind through ``scoring_model_revise``: the
    versions that scores name are never rewritten, and the next run uses the newest."""

    form = ScoringModelForm
    list_display = ("__str__", "kind", "version", "note", "created_by", "created_at")
    list_select_related = ("created_by",)
    list_filter = ("kind",)
    search_fields = ("note",)
    ordering = ("kind", "-version")

    def get_readonly_fields(self, request, obj=None):
        # A new version of an existing one keeps its kind.
        return ("version", "created_by", "created_at") + (("kind",) if obj else ())

    def get_changeform_initial_data(self, request):
        """A new version (``?kind=talent``) starts from the newest one of its kind, or from the defaults."""
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") if initial.get("kind") in ScoreKind.values else ScoreKind.HEALTH
        newest = ScoringModel.objects.filter(kind=kind).order_by("-version").first() or DEFINITIONS[kind]
        return {"kind": kind, "weights": newest.weights, "parameters": newest.parameters} | initial

    def has_delete_permission(self, request, obj=None):
        return False  # scores and runs name every version

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            self.message_user(request, _("Nothing changed: no new version was made."), messages.INFO)
            return
        revised = scoring_model_revise(
            kind=obj.kind,
            weights=obj.weights,
            parameters=obj.parameters,
            note=obj.note,
            user_id=request.user.pk,
        )
        # The admin goes on with ``obj`` (its log entry, its redirect): make it the new version, unsaved.
        obj.pk = revised.pk
        obj.refresh_from_db()
        if change:
            self.message_user(
                request,
                _("Saved as version %(version)s; the version you edited stays as it was.") % {"version": obj.version},
                messages.INFO,
            )


class ScoringRunChunkInline(ReadOnlyMixin, admin.TabularInline):
    model = ScoringRunChunk
    fields = ("kind", "number", "rows", "finished_at")
    extra = 0


@admin.register(ScoringRun)
class ScoringRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "city",
        "as_of",
        "trigger",
        "state",
        "queued_at",
        "started_at",
        "finished_at",
        "chunks_done",
        "chunks_total",
        "agreements_scored",
        "students_scored",
    )
    list_select_related = ("city",)
    list_filter = ("state", "trigger", "city")
    date_hierarchy = "queued_at"
    ordering = ("-queued_at",)
    inlines = (ScoringRunChunkInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(done=Count("chunks"))

    @admin.display(description=_("chunks done"), ordering="done")
    def chunks_done(self, run):
        return run.done


@admin.register(ScoringRunChunk)
class ScoringRunChunkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("run", "kind", "number", "rows", "finished_at")
    list_select_related = ("run__city",)
    list_filter = ("kind",)
    raw_id_fields = ("run",)
    ordering = ("-run_id", "kind", "number")


class ScoreAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Score tables hold a row per agreement or student (a million of them): no full count, raw ids for the keys."""

    show_full_result_count = False
    list_per_page = 50


@admin.register(CityScores)
class CityScoresAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Which run each city's current scores come from: moved only by publishing a run (``scoring.publish``)."""

    list_display = ("city", "run", "published_at")
    list_select_related = ("city", "run__city")
    raw_id_fields = ("run",)
    ordering = ("city__name",)


# The current scores are database views over the snapshots of each city's current run: they can only be read
# (ScoreAdmin is read-only), and a correction is a new run or an incremental rescore, never an edit here.
@admin.register(PartnershipHealth)
class PartnershipHealthAdmin(ScoreAdmin):
    list_display = ("agreement", "band", "score", "scoring_model", "computed_at")
    list_select_related = ("agreement", "scoring_model")
    list_filter = ("band", "agreement__kind", "agreement__college__city")
    search_fields = ("agreement__title",)
    raw_id_fields = ("agreement", "run", "scoring_model")
    ordering = ("-pk",)


@admin.register(PartnershipHealthSnapshot)
class PartnershipHealthSnapshotAdmin(ScoreAdmin):
    list_display = ("agreement", "run", "band", "score", "scoring_model")
    list_select_related = ("agreement", "run__city", "scoring_model")
    list_filter = ("band",)
    search_fields = ("agreement__title",)
    raw_id_fields = ("agreement", "run", "scoring_model")
    ordering = ("-pk",)


@admin.register(TalentScore)
class TalentScoreAdmin(ScoreAdmin):
    list_display = ("student", "program", "score", "percentile", "scoring_model", "computed_at")
    list_select_related = ("student__program__college", "scoring_model")
    list_filter = ("student__program__college__city",)
    search_fields = ("student__student_number",)
    raw_id_fields = ("student", "run", "scoring_model")
    ordering = ("-pk",)

    @admin.display(description=_("program"), ordering="student__program__name")
    def program(self, talent):
        return talent.student.program


@admin.register(TalentScoreSnapshot)
class TalentScoreSnapshotAdmin(ScoreAdmin):
    list_display = ("student", "run", "score", "percentile", "scoring_model")
    list_select_related = ("student", "run__city", "scoring_model")
    search_fields = ("student__student_number",)
    raw_id_fields = ("student", "run", "scoring_model")
    ordering = ("-pk",)


@admin.register(CityAggregate)
class CityAggregateAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("label", "dimension", "key", "count", "value", "run")
    list_select_related = ("run__city",)
    list_filter = ("dimension", "run__city")
    search_fields = ("label", "key")
    raw_id_fields = ("run",)
    ordering = ("-run_id", "dimension", "key")
