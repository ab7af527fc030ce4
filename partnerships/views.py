"""The pages of training bases, council seats, applications and placements (common/views.py); the agreements' are
in agreement_views.py, the postings' in posting_views.py."""

from django.utils.translation import gettext_lazy as _

from common.views import ObjectListView, ObjectView
from partnerships.filters import (
    ApplicationFilterSet,
    CouncilSeatFilterSet,
    PlacementFilterSet,
    TrainingBaseFilterSet,
)
from partnerships.selectors import (
    application_list,
    council_seat_list,
    placement_list,
    training_base_list,
)
from partnerships.tables import (
    ApplicationTable,
    CouncilSeatTable,
    PlacementTable,
    TrainingBaseTable,
)


class TrainingBaseListView(ObjectListView):
    selector = training_base_list
    filterset_class = TrainingBaseFilterSet
    table_class = TrainingBaseTable
    empty_text = _("No training bases match: the bases your college hosts and the city's shared bases show here.")


class TrainingBaseView(ObjectView):
    selector = training_base_list
    list_url_name = "partnerships:trainingbase_list"


class ApplicationListView(ObjectListView):
    selector = application_list
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    empty_text = _("No applications match.")


class ApplicationView(ObjectView):
    selector = application_list
    list_url_name = "partnerships:application_list"


class PlacementListView(ObjectListView):
    selector = placement_list
    filterset_class = PlacementFilterSet
    table_class = PlacementTable
    empty_text = _("No placements match.")


class PlacementView(ObjectView):
    selector = placement_list
    list_url_name = "partnerships:placement_list"


class CouncilSeatListView(ObjectListView):
    selector = council_seat_list
    filterset_class = CouncilSeatFilterSet
    table_class = CouncilSeatTable
    empty_text = _("No council seats match.")


class CouncilSeatView(ObjectView):
    selector = council_seat_list
    list_url_name = "partnerships:councilseat_list"
