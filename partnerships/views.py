"""The pages of agreements, training bases and council seats (common/views.py); those of postings are in
posting_views.py, those of applications and placements in application_views.py."""

from django.utils.translation import gettext_lazy as _

from common.views import ObjectListView, ObjectView
from partnerships.filters import AgreementFilterSet, CouncilSeatFilterSet, TrainingBaseFilterSet
from partnerships.selectors import agreement_list, council_seat_list, training_base_list
from partnerships.tables import AgreementTable, CouncilSeatTable, TrainingBaseTable


class TrainingBaseListView(ObjectListView):
    selector = training_base_list
    filterset_class = TrainingBaseFilterSet
    table_class = TrainingBaseTable
    empty_text = _("No training bases match: the bases your college hosts and the city's shared bases show here.")


class TrainingBaseView(ObjectView):
    selector = training_base_list
    list_url_name = "partnerships:trainingbase_list"


class AgreementListView(ObjectListView):
    selector = agreement_list
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    empty_text = _("No agreements match. Propose one to a partner with “New agreement”.")


class AgreementView(ObjectView):
    selector = agreement_list
    list_url_name = "partnerships:cooperationagreement_list"


class CouncilSeatListView(ObjectListView):
    selector = council_seat_list
    filterset_class = CouncilSeatFilterSet
    table_class = CouncilSeatTable
    empty_text = _("No council seats match.")
