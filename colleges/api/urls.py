from rest_framework.routers import SimpleRouter

from colleges.api import views

router = SimpleRouter()
router.register("colleges", views.CollegeViewSet, basename="college")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("courses", views.CourseViewSet, basename="course")
router.register("students", views.StudentViewSet, basename="student")
router.register("student-certificates", views.StudentCertificateViewSet, basename="student-certificate")

urlpatterns = router.urls
