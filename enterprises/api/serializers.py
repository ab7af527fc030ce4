from rest_framework import serializers

from cities.models import IndustrySector, Skill
from colleges.selectors import college_list
from common.api.viewsets import ScopedRelatedField
from enterprises.models import EducationInvestment, Enterprise, TalentDemand


def sector_field(**kwargs) -> serializers.SlugRelatedField:
    """A GB/T 4754-2017 sector given by its code (e.g. ``39``)."""
    return serializers.SlugRelatedField(slug_field="code", queryset=IndustrySector.objects.all(), **kwargs)


class EnterpriseSerializer(serializers.ModelSerializer):
    sector = sector_field()
    is_certified = serializers.BooleanField(
        read_only=True, help_text="A certified industry–education integration enterprise."
    )

    class Meta:
        model = Enterprise
        fields = ["id", "city", "name", "credit_code", "sector", "size", "district", "description", "is_certified"]
        # The credit code identifies the legal entity: a platform admin registers it, nobody edits it here.
        read_only_fields = ["city", "credit_code"]


class TalentDemandSerializer(serializers.ModelSerializer):
    sector = sector_field()
    skill = serializers.SlugRelatedField(slug_field="name", queryset=Skill.objects.all())

    class Meta:
        model = TalentDemand
        fields = ["id", "enterprise", "sector", "skill", "headcount", "year"]
        read_only_fields = ["enterprise"]


class EducationInvestmentSerializer(serializers.ModelSerializer):
    college = ScopedRelatedField(selector=college_list, required=False, allow_null=True)

    class Meta:
        model = EducationInvestment
        fields = ["id", "enterprise", "college", "amount", "invested_on", "purpose", "description"]
        read_only_fields = ["enterprise"]
