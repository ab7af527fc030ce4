"""The pages of training bases and council seats (common/views.py); those of agreements are in agreement_views.py,
of postings in posting_views.py, of applications and placements in application_views.py."""

from django.utils.translation import gettext_lazy as _

from common.views import ObjectListView, ObjectView
from partnerships.filters import CouncilSeatFilterSet, TrainingBaseFilterSet
from partnerships.selectors import council_seat_list, training_base_list
from partnerships.tables import CouncilSeatTable, TrainingBaseTable


class TrainingBaseListView(ObjectListView):
    selector = training_base_list
    filterset_class = TrainingBaseFilterSet
    table_class = TrainingBaseTable
    empty_text = _("No training bases match: the bases your college hosts and the city's shared bases show here.")


class TrainingBaseView(ObjectView):
    selector = training_base_list
    list_url_name = "partnerships:trainingbase_list"


class CouncilSeatListView(ObjectListView):
    selector = council_seat_list
    filterset_class = CouncilSeatFilterSet
    table_class = CouncilSeatTable
    empty_text = _("No council seats match.")


class CouncilSeatView(ObjectView):
    selector = council_seat_list
    list_url_name = "partnerships:councilseat_list"
