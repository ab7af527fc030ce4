from colleges import services
from colleges.api.serializers import (
    CertificateSerializer,
    CollegeSerializer,
    CourseSerializer,
    ProgramSerializer,
    StudentCertificateSerializer,
    StudentSerializer,
)
from colleges.filters import (
    CertificateFilterSet,
    CollegeFilterSet,
    CourseFilterSet,
    ProgramFilterSet,
    StudentCertificateFilterSet,
    StudentFilterSet,
)
from colleges.selectors import (
    certificate_list,
    college_list,
    course_list,
    program_list,
    student_certificate_list,
    student_list,
)
from common.api.pagination import LargeTablePagination
from common.api.viewsets import PlatformReadOnlyViewSet, PlatformReadUpdateViewSet, PlatformViewSet


class CollegeViewSet(PlatformReadUpdateViewSet):
    """Colleges: college staff see and edit their own college's profile; enterprise staff and city officials see
    the colleges of their city. New colleges are registered by a platform admin."""

    selector = college_list
    serializer_class = CollegeSerializer
    filterset_class = CollegeFilterSet
    ordering_fields = ["id", "name", "kind"]

    def perform_update(self, serializer):
        serializer.instance = services.college_update(college=serializer.instance, **serializer.validated_data)


class CertificateViewSet(PlatformReadOnlyViewSet):
    """The national catalogue of 1+X vocational skill certificates (reference data)."""

    selector = certificate_list
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet
    ordering_fields = ["id", "code", "name"]


class ProgramViewSet(PlatformViewSet):
    """Programs (majors): college staff manage their college's; enterprise staff and city officials read their
    city's."""

    selector = program_list
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet
    ordering_fields = ["id", "name", "catalogue_code", "annual_intake"]

    def perform_create(self, serializer):
        serializer.instance = services.program_create(
            college_id=self.principal.college_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.program_update(program=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, program):
        services.program_delete(program=program)


class CourseViewSet(PlatformViewSet):
    """Courses of programs: managed by the program's college, read by enterprise staff and officials of the city."""

    selector = course_list
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    ordering_fields = ["id", "code", "name", "credits"]

    def perform_create(self, serializer):
        serializer.instance = services.course_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.course_update(course=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, course):
        services.course_delete(course=course)


class StudentViewSet(PlatformViewSet):
    """Students: college staff manage their college's; enterprise staff see only students who applied to them,
    without the national ID number and with the phone only after an accepted offer; city officials see their
    city's students with every personal field masked."""

    selector = student_list
    serializer_class = StudentSerializer
    filterset_class = StudentFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]

    def perform_create(self, serializer):
        serializer.instance = services.student_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.student_update(student=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, student):
        services.student_delete(student=student)


class StudentCertificateViewSet(PlatformViewSet):
    """1+X certificates students earned: recorded by their college; read where the student is visible."""

    selector = student_certificate_list
    serializer_class = StudentCertificateSerializer
    filterset_class = StudentCertificateFilterSet
    ordering_fields = ["id", "awarded_on"]

    def perform_create(self, serializer):
        serializer.instance = services.student_certificate_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.student_certificate_update(
            award=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, award):
        services.student_certificate_delete(award=award)
