"""Bodies shared by the workflow actions of several resources."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ReasonSerializer(serializers.Serializer):
    """The body of a step that needs a reason (a rejection, a termination, a cancellation, a revocation)."""

    reason = serializers.CharField(help_text=_("Why: kept with the record and told to the other side."))


class OptionalReasonSerializer(serializers.Serializer):
    """The body of a step whose reason is optional (declining a proposal or an amendment)."""

    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Told to the other side, if given.")
    )
