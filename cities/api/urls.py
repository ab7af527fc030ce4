from rest_framework.routers import SimpleRouter

from cities.api import views

router = SimpleRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("industry-sectors", views.IndustrySectorViewSet, basename="industry-sector")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("academic-terms", views.AcademicTermViewSet, basename="academic-term")
router.register("internship-rules", views.InternshipRulesViewSet, basename="internship-rules")

urlpatterns = router.urls
