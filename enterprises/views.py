"""The pages of enterprises (the city's register, and the portal's profile), talent demand and education investments
(common/views.py)."""

from django import forms
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.permissions import may
from accounts.principals import principal_of
from cities.choices import SectorLevel
from cities.selectors import industry_sector_list
from common.links import page_link
from common.views import ObjectCreateView, ObjectEditView, ObjectListView, ObjectView
from enterprises import services
from enterprises.filters import EducationInvestmentFilterSet, EnterpriseFilterSet, TalentDemandFilterSet
from enterprises.forms import EducationInvestmentForm, EnterpriseForm, TalentDemandForm
from enterprises.models import Enterprise
from enterprises.selectors import education_investment_list, enterprise_list, posting_list, talent_demand_list
from enterprises.tables import EducationInvestmentTable, EnterpriseTable, TalentDemandTable

# The most recent postings and investments an enterprise's page lists; the links under them lead to all of them.
RECENT_SHOWN = 10


class ProfileView(View):
    """ "Our enterprise": the page of the enterprise the signed-in staff member acts for."""

    def get(self, request):
        enterprise_id = principal_of(request.user).enterprise_id
        if enterprise_id is None:
            raise Http404
        return HttpResponseRedirect(page_link(Enterprise, enterprise_id))


class EnterpriseListView(ObjectListView):
    """The city's enterprises, certified integration enterprises marked."""

    selector = enterprise_list
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    filter_fields = ("q", "certified", "section", "size", "district")
    empty_text = _("No enterprises match. Clear the filters to see all of the city's enterprises.")

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # The twenty sections of the classification, chosen by their code as the API's filter takes it.
        sections = industry_sector_list(principal=self.principal).filter(level=SectorLevel.SECTION)
        filterset.form.fields["section"].widget = forms.Select(
            choices=[("", gettext("All"))] + [(section.code, str(section)) for section in sections]
        )
        return filterset


class EnterpriseView(ObjectView):
    """An enterprise: its profile and certification, its recent postings and investments; its agreements and its
    certification evidence come as the higher apps' panels."""

    selector = enterprise_list
    list_url_name = "enterprises:enterprise_list"

    def breadcrumbs(self):
        # Its own staff reach the page from "Our enterprise", not from a list of the city's enterprises.
        if self.principal.enterprise_id is not None:
            return [(gettext("Home"), reverse("home")), (str(self.record), "")]
        return super().breadcrumbs()

    def get_context_data(self, **kwargs):
        postings = posting_list(principal=self.principal).filter(enterprise=self.record).prefetch_related(None)
        context = super().get_context_data(
            postings=postings.order_by("-starts_on", "-pk")[:RECENT_SHOWN], posting_total=postings.count(), **kwargs
        )
        # A college sees an enterprise's postings, not what it invests (docs/permissions.md).
        if may(self.request.user, "enterprises.view_educationinvestment"):
            investments = education_investment_list(principal=self.principal).filter(enterprise=self.record)
            context["investments"] = investments.order_by("-invested_on", "-pk")[:RECENT_SHOWN]
            context["investment_total"] = investments.count()
        return context


class EnterpriseEditView(ObjectEditView):
    selector = enterprise_list
    form_class = EnterpriseForm

    def update(self, form):
        return services.enterprise_update(enterprise=self.record, **form.changes())


class TalentDemandListView(ObjectListView):
    selector = talent_demand_list
    filterset_class = TalentDemandFilterSet
    table_class = TalentDemandTable
    add_url_name = "enterprises:talentdemand_create"
    empty_text = _("No talent demand recorded. Tell colleges whom you will hire with “New talent demand”.")


class TalentDemandView(ObjectView):
    selector = talent_demand_list
    list_url_name = "enterprises:talentdemand_list"


class TalentDemandCreateView(ObjectCreateView):
    selector = talent_demand_list
    form_class = TalentDemandForm
    list_url_name = "enterprises:talentdemand_list"

    def create(self, form):
        return services.talent_demand_create(enterprise_id=self.principal.enterprise_id, **form.changes())


class TalentDemandEditView(ObjectEditView):
    selector = talent_demand_list
    form_class = TalentDemandForm
    list_url_name = "enterprises:talentdemand_list"

    def update(self, form):
        return services.talent_demand_update(demand=self.record, **form.changes())


class EducationInvestmentListView(ObjectListView):
    selector = education_investment_list
    filterset_class = EducationInvestmentFilterSet
    table_class = EducationInvestmentTable
    add_url_name = "enterprises:educationinvestment_create"
    empty_text = _("No investments recorded. Record what you put into education: it counts toward incentives.")


class EducationInvestmentView(ObjectView):
    selector = education_investment_list
    list_url_name = "enterprises:educationinvestment_list"


class EducationInvestmentCreateView(ObjectCreateView):
    selector = education_investment_list
    form_class = EducationInvestmentForm
    list_url_name = "enterprises:educationinvestment_list"

    def create(self, form):
        return services.education_investment_create(enterprise_id=self.principal.enterprise_id, **form.changes())


class EducationInvestmentEditView(ObjectEditView):
    selector = education_investment_list
    form_class = EducationInvestmentForm
    list_url_name = "enterprises:educationinvestment_list"

    def update(self, form):
        return services.education_investment_update(investment=self.record, **form.changes())
