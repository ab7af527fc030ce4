from rest_framework import serializers

from cities.models import INTERNSHIP_THRESHOLDS, AcademicTerm, City, IndustrySector, InternshipRules, Skill


class CitySerializer(serializers.ModelSerializer):
    priority_sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = City
        fields = ["id", "name", "province", "pilot_batch_year", "priority_sectors"]


class IndustrySectorSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = IndustrySector
        fields = ["id", "code", "level", "parent", "name_zh", "name_en"]


class SkillSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(
        slug_field="code", required=False, allow_null=True, queryset=IndustrySector.objects.all()
    )

    class Meta:
        model = Skill
        fields = ["id", "name", "sector"]


class AcademicTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = AcademicTerm
        fields = ["id", "city", "name", "starts_on", "ends_on"]
        read_only_fields = ["city"]


class InternshipRulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = InternshipRules
        fields = ["id", "city", *INTERNSHIP_THRESHOLDS]
        read_only_fields = ["city"]
