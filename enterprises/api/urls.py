from rest_framework.routers import SimpleRouter

from enterprises.api import views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("talent-demands", views.TalentDemandViewSet, basename="talent-demand")
router.register("education-investments", views.EducationInvestmentViewSet, basename="education-investment")

urlpatterns = router.urls
