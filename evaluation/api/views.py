from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api.pagination import LargeTablePagination
from common.api.schema import ERRORS
from common.api.serializers import ReasonSerializer
from common.api.viewsets import HistoryMixin, PlatformCreateReadViewSet, PlatformReadOnlyViewSet
from evaluation import services
from evaluation.api.serializers import (
    AtRiskQuerySerializer,
    AtRiskSerializer,
    CertificationEvidenceSerializer,
    CityAggregateSerializer,
    IncentiveSerializer,
    IncentiveSummarySerializer,
    IntegrationCertificationSerializer,
    MentorEvaluationSerializer,
    PartnershipHealthSerializer,
    PartnershipHealthSnapshotSerializer,
    PartyRatingSerializer,
    ScoringModelSerializer,
    ScoringRunSerializer,
    TalentScoreSerializer,
    TalentScoreSnapshotSerializer,
)
from evaluation.choices import RunTrigger
from evaluation.filters import (
    CityAggregateFilterSet,
    IncentiveFilterSet,
    IntegrationCertificationFilterSet,
    MentorEvaluationFilterSet,
    PartnershipHealthFilterSet,
    PartyRatingFilterSet,
    ScoringModelFilterSet,
    ScoringRunFilterSet,
    TalentScoreFilterSet,
)
from evaluation.scoring.runs import scoring_run_start
from evaluation.selectors import (
    certification_evidence,
    city_aggregate_list,
    city_at_risk,
    incentive_list,
    incentive_summary,
    integration_certification_list,
    mentor_evaluation_list,
    partnership_health_list,
    partnership_health_snapshot_list,
    party_rating_list,
    scoring_model_list,
    scoring_run_list,
    talent_score_list,
    talent_score_snapshot_list,
)


class MentorEvaluationViewSet(PlatformCreateReadViewSet):
    """Mentor evaluations of interns on the five-criterion rubric: recorded by a mentor of the host enterprise (the
    caller), once per month of the placement that has begun, unless the placement was cancelled; read by the
    student's college and the city's officials."""

    selector = mentor_evaluation_list
    serializer_class = MentorEvaluationSerializer
    filterset_class = MentorEvaluationFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]

    def perform_create(self, serializer):
        serializer.instance = services.mentor_evaluation_create(principal=self.principal, **serializer.validated_data)


class PartyRatingViewSet(PlatformCreateReadViewSet):
    """Each party of an active or completed agreement rating the other, 1–5, once per month of its term that has
    begun; both parties and the city's officials read them."""

    selector = party_rating_list
    serializer_class = PartyRatingSerializer
    filterset_class = PartyRatingFilterSet
    ordering_fields = ["id", "period", "score"]

    def perform_create(self, serializer):
        serializer.instance = services.party_rating_create(principal=self.principal, **serializer.validated_data)


@extend_schema_view(create=extend_schema(request=None))
class IntegrationCertificationViewSet(HistoryMixin, PlatformCreateReadViewSet):
    """Applications to be certified as an industry–education integration enterprise and their decisions: an
    enterprise applies (with the evidence its platform data show), an official of its city certifies or rejects it
    and may revoke it later; read by the enterprise and its city's officials."""

    selector = integration_certification_list
    serializer_class = IntegrationCertificationSerializer
    filterset_class = IntegrationCertificationFilterSet
    ordering_fields = ["id", "applied_at", "decided_at"]
    step_record = "certification"
    rule_kinds = {"evidence": "view", "certify": "certify", "reject": "reject", "revoke": "revoke"}

    def perform_create(self, serializer):
        serializer.instance = services.certification_apply(principal=self.principal)

    @extend_schema(responses=CertificationEvidenceSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def evidence(self, request, pk=None):
        """The enterprise's evidence as the platform's data show it now, to compare with ``evidence`` (as it stood
        when the enterprise applied)."""
        figures = certification_evidence(enterprise_id=self.get_object().enterprise_id)
        return Response(CertificationEvidenceSerializer(figures).data)

    @extend_schema(request=None, responses=IntegrationCertificationSerializer)
    @action(detail=True, methods=["post"])
    def certify(self, request, pk=None):
        """Grant this pending application: the enterprise is a certified integration enterprise."""
        return self.step(services.certification_certify)

    @extend_schema(request=ReasonSerializer, responses=IntegrationCertificationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Refuse this pending application, with the reason the enterprise reads."""
        return self.step(services.certification_reject, ReasonSerializer)

    @extend_schema(request=ReasonSerializer, responses=IntegrationCertificationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Withdraw this certification in force, with the reason the enterprise reads."""
        return self.step(services.certification_revoke, ReasonSerializer)


class IncentiveViewSet(PlatformReadOnlyViewSet):
    """Integration enterprises' incentives: each enterprise (``id`` is the enterprise's) with its recorded
    investments in education and, once certified, the incentive estimated from them (the city's rate × the
    investments made on or after the day its certification was granted). An enterprise reads its own row, an
    official their city's; ``summary`` sums them per city."""

    selector = incentive_list
    serializer_class = IncentiveSerializer
    filterset_class = IncentiveFilterSet
    ordering_fields = ["id", "name", "investment_total", "estimated_incentive"]
    rule_kinds = {"list": "view_incentive", "retrieve": "view_incentive", "summary": "view_incentive_summary"}

    @extend_schema(responses=IncentiveSummarySerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def summary(self, request):
        """Per city you may see (an official's own; every city for the platform admin): its enterprises, how many
        are certified, their investments and the sum of their estimated incentives."""
        return Response(IncentiveSummarySerializer(incentive_summary(principal=self.principal), many=True).data)


# ------------------------------------------------------------------------------
# Scores (docs/scoring.md). ``trend`` is a score's series of snapshots, one per successful run; it is not the
# audit trail that ``history`` is on other resources (scores are computed, never edited).
# ------------------------------------------------------------------------------
def _keyed_by(owner: str):
    """The schema of a score resource whose rows are keyed by their agreement's or student's id."""
    key = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=f"The {owner}'s id.")
    return extend_schema_view(retrieve=extend_schema(parameters=[key]), trend=extend_schema(parameters=[key]))


@_keyed_by("agreement")
class PartnershipHealthViewSet(PlatformReadOnlyViewSet):
    """The current health of cooperation agreements (``id`` is the agreement's): a score from 0 to 100 with its
    band and its six components, each from 0 to 1, and the version of the weights that produced it
    (docs/scoring.md). Each party reads its own agreements', an official their city's; ``trend`` gives the score
    as each run computed it."""

    selector = partnership_health_list
    serializer_class = PartnershipHealthSerializer
    filterset_class = PartnershipHealthFilterSet
    ordering_fields = ["agreement_id", "score", "computed_at"]
    rule_kinds = {"trend": "view"}

    @extend_schema(responses=PartnershipHealthSnapshotSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def trend(self, request, pk=None):
        """This agreement's health as each successful run computed it, oldest first: the run, the day it was
        computed for, the model version, the score, band and components (not the audit trail: see ``history``
        on other resources)."""
        snapshots = partnership_health_snapshot_list(agreement_id=self.get_object().pk)
        return Response(PartnershipHealthSnapshotSerializer(snapshots, many=True).data)


@_keyed_by("student")
class TalentScoreViewSet(PlatformReadOnlyViewSet):
    """The current talent evaluation of students (``id`` is the student's; no personal fields): a score from 0 to
    100, its percentile within the student's program and cohort, its four components and the model version
    (docs/scoring.md). A college reads its students', an enterprise its applicants', an official their city's;
    ``trend`` gives the score as each run computed it. Cursor-paginated: the table holds every student."""

    selector = talent_score_list
    serializer_class = TalentScoreSerializer
    filterset_class = TalentScoreFilterSet
    pagination_class = LargeTablePagination
    ordering = ["-student_id"]
    ordering_fields = ["student_id"]
    rule_kinds = {"trend": "view"}

    @extend_schema(responses=TalentScoreSnapshotSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def trend(self, request, pk=None):
        """This student's talent evaluation as each successful run computed it, oldest first: the run, the day
        it was computed for, the model version, the score, percentile and components."""
        snapshots = talent_score_snapshot_list(student_id=self.get_object().pk)
        return Response(TalentScoreSnapshotSerializer(snapshots, many=True).data)


class CityAggregateViewSet(PlatformReadOnlyViewSet):
    """The figures of a city's dashboards from its last successful run: health by agreement kind, sector and
    college, talent by program and cohort, supply against demand, training stations per student and their Gini
    coefficient, certifications and the placement rate (``dimension``). For the city's officials; the platform
    admin reads every city's. ``at-risk`` lists what to look at first."""

    selector = city_aggregate_list
    serializer_class = CityAggregateSerializer
    filterset_class = CityAggregateFilterSet
    ordering_fields = ["id", "dimension", "key", "value", "count"]
    rule_kinds = {"at_risk": "view_at_risk"}

    @extend_schema(parameters=[AtRiskQuerySerializer], responses={200: AtRiskSerializer, 400: ERRORS[400]})
    @action(detail=False, methods=["get"], url_path="at-risk", pagination_class=None, filter_backends=[])
    def at_risk(self, request):
        """The at-risk lists of your city (the platform admin: of every city, or of ``city``), read live: the
        agreements whose current health is at risk (lowest score first) and the enrolled final-year students
        without an active or completed placement, each as a count and the ids of the first ``limit``."""
        query = AtRiskQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(AtRiskSerializer(city_at_risk(principal=self.principal, **query.validated_data)).data)


@extend_schema_view(create=extend_schema(request=None, responses={201: ScoringRunSerializer}))
class ScoringRunViewSet(PlatformCreateReadViewSet):
    """Runs recomputing a city's scores and aggregates: state, what triggered it, the model versions it uses,
    progress (chunks done of chunks total), duration, what it scored and any error. An official reads their
    city's and starts a full recomputation (POST with an empty body; 409 while a run of the city is under way)."""

    selector = scoring_run_list
    serializer_class = ScoringRunSerializer
    filterset_class = ScoringRunFilterSet
    ordering_fields = ["id", "queued_at", "finished_at"]

    def perform_create(self, serializer):
        # The run is created now (201) and computed by workers after commit: poll it for its state and progress.
        serializer.instance = scoring_run_start(
            city_id=self.principal.city_id, trigger=RunTrigger.MANUAL, requested_by_id=self.principal.user_id
        )


class ScoringModelViewSet(PlatformReadOnlyViewSet):
    """Every version of the weights and parameters of each score (``kind``), newest first; each score names the
    version that produced it. Edited in the Django admin, where saving makes the next version."""

    selector = scoring_model_list
    serializer_class = ScoringModelSerializer
    filterset_class = ScoringModelFilterSet
    ordering_fields = ["id", "version", "created_at"]
