"""The enterprise portal's pages of its profile, talent demand and education investments (common/views.py)."""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.principals import principal_of
from common.links import page_link
from common.views import ObjectCreateView, ObjectEditView, ObjectListView, ObjectView
from enterprises import services
from enterprises.filters import EducationInvestmentFilterSet, TalentDemandFilterSet
from enterprises.forms import EducationInvestmentForm, EnterpriseForm, TalentDemandForm
from enterprises.models import Enterprise
from enterprises.selectors import education_investment_list, enterprise_list, talent_demand_list
from enterprises.tables import EducationInvestmentTable, TalentDemandTable


class ProfileView(View):
    """ "Our enterprise": the page of the enterprise the signed-in staff member acts for."""

    def get(self, request):
        enterprise_id = principal_of(request.user).enterprise_id
        if enterprise_id is None:
            raise Http404
        return HttpResponseRedirect(page_link(Enterprise, enterprise_id))


class EnterpriseView(ObjectView):
    selector = enterprise_list


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
