"""The pages of postings: the list every role reads (college staff: the city's open postings, to nominate from),
a posting's page, and the enterprise's steps: create, edit, open (the city's internship rules checked, each broken
rule said next to its field) and close (common/views.py: the generic views)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from cities.selectors import industry_sector_list, skill_list
from common.forms import DateInput
from common.views import ObjectCreateView, ObjectEditView, ObjectListView, ObjectStepView, ObjectView
from enterprises.choices import PostingStatus
from enterprises.filters import PostingFilterSet
from enterprises.selectors import posting_list
from partnerships.posting_forms import PostingForm
from partnerships.services import postings
from partnerships.tables import PostingTable


class PostingListView(ObjectListView):
    """The sector and skill filters take a code and a name, as the API's do: offered as selects of both."""

    selector = posting_list
    filterset_class = PostingFilterSet
    table_class = PostingTable
    filter_fields = ("q", "kind", "sector", "skill", "starts_after", "ends_before", "stipend_min", "status")
    add_url_name = "partnerships:posting_create"
    empty_text = _("No postings match. Clear the filters, or wait for the city's enterprises to open new ones.")

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        fields = filterset.form.fields
        sectors = industry_sector_list(principal=self.principal).filter(parent__isnull=False)
        fields["sector"].widget = forms.Select(
            choices=[("", gettext("All"))] + [(sector.code, str(sector)) for sector in sectors]
        )
        skills = skill_list(principal=self.principal).order_by("name")
        fields["skill"].widget = forms.Select(
            choices=[("", gettext("All"))] + [(skill.name, skill.name) for skill in skills]
        )
        for name in ("starts_after", "ends_before"):
            fields[name].widget = DateInput()
        return filterset

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if self.may("add"):
            kwargs["empty_text"] = _("No postings match. Offer internships or apprenticeships with “New posting”.")
        return kwargs


# The steps each status offers on a posting's page, to whoever may take them.
STEPS = {
    PostingStatus.DRAFT: ("change", "open"),
    PostingStatus.OPEN: ("change", "close"),
    PostingStatus.FILLED: ("close",),
    PostingStatus.CLOSED: (),
}


class PostingView(ObjectView):
    selector = posting_list
    list_url_name = "partnerships:posting_list"

    def get_template_names(self):
        return ["partnerships/posting_detail.html"]  # with the posting's lifecycle, not the model's app

    def get_context_data(self, **kwargs):
        steps = [kind for kind in STEPS[self.record.status] if self.may(kind, self.record)]
        return super().get_context_data(steps=steps, **kwargs)


class PostingCreateView(ObjectCreateView):
    selector = posting_list
    form_class = PostingForm
    list_url_name = "partnerships:posting_list"
    template_name = "partnerships/posting_form.html"

    def create(self, form):
        return postings.posting_create(enterprise_id=self.principal.enterprise_id, **form.changes())

    def success_message(self, record):
        return gettext("Saved as a draft: open it when its terms are final, and the city's colleges will see it.")


class PostingEditView(ObjectEditView):
    selector = posting_list
    form_class = PostingForm
    list_url_name = "partnerships:posting_list"
    template_name = "partnerships/posting_form.html"

    def update(self, form):
        return postings.posting_update(posting=self.record, **form.changes())


class PostingOpenView(PostingEditView):
    """Opening shows the posting's terms to check, saves them and opens the posting in one transaction: each rule of
    the city it breaks comes back next to its field (the API's 400), and nothing is saved until it opens."""

    rule_kind = "open"

    def update(self, form):
        with transaction.atomic():
            posting = super().update(form)
            return postings.posting_open(posting=posting, principal=self.principal)

    def form_invalid(self, form):
        messages.error(
            self.request,
            gettext("The posting is not open yet: change what is marked below, then open it again."),
        )
        return super().form_invalid(form)

    def success_message(self, record):
        return gettext("The posting is open: the colleges of your city see it and may apply until its deadline.")

    def breadcrumbs(self):
        return [*super().breadcrumbs()[:-1], (pgettext("posting action", "Open"), "")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=gettext("Open %(record)s") % {"record": self.record},
            intro=gettext(
                "Check the terms: the posting opens only if it meets every internship rule of your city. Colleges "
                "see it as soon as it is open."
            ),
            submit_label=gettext("Open the posting"),
        )
        return context


class PostingCloseView(ObjectStepView):
    selector = posting_list
    list_url_name = "partnerships:posting_list"
    service = postings.posting_close
    step_record = "posting"
    rule_kind = "close"
    irreversible = True
    title = _("Close the posting")
    explanation = _(
        "Colleges can no longer apply: the applications still open are closed and their colleges told. The "
        "placements under way go on."
    )
    done_message = _("The posting is closed.")
