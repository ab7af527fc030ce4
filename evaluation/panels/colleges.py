"""A college's page (colleges): the partnership health of its agreements and the talent of its enrolled students,
each as counts per band and a mean, in one aggregate query apiece however many agreements or students it has.

Both count rows through the selectors, so within the reader's scope. An enterprise sees only its own agreements and
its applicants, which would describe the enterprise rather than the college: the talent summary is not shown to it.
"""

from django.db.models import Avg, Count, Q

from accounts.principals import Principal
from colleges.choices import TALENT_BAND_STUDENTS, StudentStatus
from colleges.models import College
from colleges.selectors import student_list
from common.panels import panel
from evaluation.choices import HealthBand
from evaluation.selectors import partnership_health_list


@panel(College, template="evaluation/panels/college_scores.html", order=10)
def college_scores(college: College, principal: Principal) -> dict:
    health = partnership_health_list(principal=principal).filter(agreement__college=college).order_by()
    health_counts = health.aggregate(
        mean=Avg("score"), **{band.value: Count("pk", filter=Q(band=band)) for band in HealthBand}
    )
    context = {
        "health_mean": health_counts.pop("mean"),
        "health_bands": [(band, health_counts[band.value]) for band in HealthBand],
        "talent_bands": None,
    }
    if principal.enterprise_id is None:
        students = student_list(principal=principal).filter(program__college=college, status=StudentStatus.ENROLLED)
        talent_counts = (
            students.order_by()
            .prefetch_related(None)
            .aggregate(
                mean=Avg("talent__score"),
                **{band.value: Count("pk", filter=students_in) for band, students_in in TALENT_BAND_STUDENTS.items()},
            )
        )
        context["talent_mean"] = talent_counts.pop("mean")
        context["talent_bands"] = [(band, talent_counts[band.value]) for band in TALENT_BAND_STUDENTS]
    return context
