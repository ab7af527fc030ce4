"""The pages of agreements, training bases, council seats and postings (common/views.py); those of applications and
placements are in application_views.py."""

from django.utils.translation import gettext_lazy as _

from common.views import ObjectListView, ObjectView
from enterprises.filters import PostingFilterSet
from enterprises.selectors import posting_list
from partnerships.filters import AgreementFilterSet, CouncilSeatFilterSet, TrainingBaseFilterSet
from partnerships.selectors import agreement_list, council_seat_list, training_base_list
from partnerships.tables import AgreementTable, CouncilSeatTable, PostingTable, TrainingBaseTable


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


class PostingListView(ObjectListView):
    selector = posting_list
    filterset_class = PostingFilterSet
    table_class = PostingTable
    empty_text = _("No postings match.")


class PostingView(ObjectView):
    selector = posting_list
    list_url_name = "partnerships:posting_list"


class CouncilSeatListView(ObjectListView):
    selector = council_seat_list
    filterset_class = CouncilSeatFilterSet
    table_class = CouncilSeatTable
    empty_text = _("No council seats match.")
