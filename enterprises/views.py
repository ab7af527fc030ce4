"""The enterprise portal's pages of its profile, talent demand and education investments (common/views.py)."""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.principals import principal_of
from common.links import page_link
from common.views import ObjectListView, ObjectView
from enterprises.filters import EducationInvestmentFilterSet, TalentDemandFilterSet
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


class TalentDemandListView(ObjectListView):
    selector = talent_demand_list
    filterset_class = TalentDemandFilterSet
    table_class = TalentDemandTable
    empty_text = _("No talent demand recorded. Tell colleges whom you will hire with “New talent demand”.")


class EducationInvestmentListView(ObjectListView):
    selector = education_investment_list
    filterset_class = EducationInvestmentFilterSet
    table_class = EducationInvestmentTable
    empty_text = _("No investments recorded. Record what you put into education: it counts toward incentives.")
