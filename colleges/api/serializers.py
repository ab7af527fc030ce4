from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.principals import principal_of
from cities.models import IndustrySector, Skill
from colleges.models import Certificate, College, Course, Program, Student, StudentCertificate
from colleges.privacy import present_personal_fields
from colleges.selectors import program_list, student_list
from common.api.viewsets import ScopedRelatedField


class CollegeSerializer(serializers.ModelSerializer):
    class Meta:
        model = College
        fields = ["id", "city", "name", "code", "kind", "district"]
        read_only_fields = ["city", "code", "kind"]


class CertificateSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Certificate
        fields = ["id", "code", "name", "awarding_body", "sector"]


class ProgramSerializer(serializers.ModelSerializer):
    target_sectors = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=IndustrySector.objects.all(),
        help_text="GB/T 4754-2017 codes, e.g. 39.",
    )
    certificates = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=Certificate.objects.all(),
        help_text="Codes of the 1+X certificates the program prepares for.",
    )

    class Meta:
        model = Program
        fields = [
            "id",
            "college",
            "catalogue_code",
            "name",
            "level",
            "duration_years",
            "annual_intake",
            "training_objective",
            "target_sectors",
            "certificates",
            "practical_credit_share",
            "required_practice_hours",
        ]
        read_only_fields = ["college"]


class CourseSerializer(serializers.ModelSerializer):
    program = ScopedRelatedField(selector=program_list)

    class Meta:
        model = Course
        fields = ["id", "program", "code", "name", "credits", "practical_credits", "industry_standards"]


@extend_schema_field({"type": "string", "nullable": True})
class PersonalField(serializers.CharField):
    """A student's personal field: in clear, masked or null (withheld) depending on who reads it."""


class StudentSerializer(serializers.ModelSerializer):
    """A student; ``present_personal_fields`` decides what of name, number, ID and phone the reader sees."""

    program = ScopedRelatedField(selector=program_list)
    skills = serializers.SlugRelatedField(slug_field="name", many=True, required=False, queryset=Skill.objects.all())
    name = PersonalField(max_length=50)
    student_number = PersonalField(max_length=20)
    national_id = PersonalField(max_length=18, help_text="18-character citizen ID number (GB 11643-1999).")
    phone = PersonalField(max_length=11, required=False, allow_blank=True)

    class Meta:
        model = Student
        fields = [
            "id",
            "program",
            "cohort_year",
            "status",
            "skills",
            "practice_hours",
            "name",
            "student_number",
            "national_id",
            "phone",
        ]
        read_only_fields = ["status"]

    def to_representation(self, student):
        return present_personal_fields(
            super().to_representation(student),
            principal=principal_of(self.context["request"].user),
            contact_released=getattr(student, "contact_released", False),
        )


class StudentCertificateSerializer(serializers.ModelSerializer):
    student = ScopedRelatedField(selector=student_list)
    certificate = serializers.SlugRelatedField(slug_field="code", queryset=Certificate.objects.all())

    class Meta:
        model = StudentCertificate
        fields = ["id", "student", "certificate", "level", "awarded_on"]


class StudentSummarySerializer(serializers.ModelSerializer):
    """What an application or a placement shows of its student; the parent decides on the personal fields."""

    skills = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    name = PersonalField(read_only=True)
    student_number = PersonalField(read_only=True)
    phone = PersonalField(read_only=True)

    class Meta:
        model = Student
        fields = ["id", "program", "cohort_year", "skills", "practice_hours", "name", "student_number", "phone"]
        read_only_fields = fields


class WithStudentSummary(serializers.Serializer):
    """For a serializer with a ``student_summary`` field: shows its personal fields as the reader may see them.

    ``contact_released(instance)`` says whether an enterprise reader may see the phone for that row.
    """

    def contact_released(self, instance) -> bool:
        return getattr(instance, "contact_released", False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["student_summary"] = present_personal_fields(
            data["student_summary"],
            principal=principal_of(self.context["request"].user),
            contact_released=self.contact_released(instance),
        )
        return data
