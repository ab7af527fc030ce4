from django import forms

from colleges.models import Course, Program, Student
from colleges.selectors import program_list
from common.forms import PlatformModelForm


class ProgramForm(PlatformModelForm):
    class Meta:
        model = Program
        fields = [
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
        widgets = {
            "training_objective": forms.Textarea(attrs={"rows": 4}),
            "target_sectors": forms.SelectMultiple(attrs={"size": 8}),
            "certificates": forms.SelectMultiple(attrs={"size": 8}),
        }


class CourseForm(PlatformModelForm):
    scoped_fields = {"program": program_list}

    class Meta:
        model = Course
        fields = ["program", "code", "name", "credits", "practical_credits", "industry_standards"]
        widgets = {"industry_standards": forms.Textarea(attrs={"rows": 3})}


class StudentForm(PlatformModelForm):
    scoped_fields = {"program": program_list}

    class Meta:
        model = Student
        fields = [
            "program",
            "cohort_year",
            "name",
            "student_number",
            "national_id",
            "phone",
            "skills",
            "practice_hours",
        ]
        widgets = {"skills": forms.SelectMultiple(attrs={"size": 8})}
