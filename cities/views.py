"""The pages where a city's officials keep its academic calendar and internship rules (common/views.py); every
member of the city reads them, since a posting must meet them to open."""

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from cities import services
from cities.filters import AcademicTermFilterSet
from cities.forms import AcademicTermForm, InternshipRulesForm
from cities.models import InternshipRules
from cities.selectors import academic_term_list, internship_rules_list, internship_rules_of
from cities.tables import AcademicTermTable
from common.views import (
    ObjectCreateView,
    ObjectEditView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    PageMixin,
    ServiceFormMixin,
)

CALENDAR = "cities:academicterm_list"
RULES = "cities:internshiprules"


class AcademicTermListView(ObjectListView):
    selector = academic_term_list
    filterset_class = AcademicTermFilterSet
    table_class = AcademicTermTable
    template_name = "cities/academicterm_list.html"
    add_url_name = "cities:academicterm_create"
    empty_text = _("No terms recorded: no internship can open until the calendar has the terms it runs in.")


class AcademicTermView(ObjectView):
    selector = academic_term_list
    list_url_name = CALENDAR

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edit_url=reverse("cities:academicterm_edit", args=[self.record.pk]) if self.may("change") else "",
            delete_url=reverse("cities:academicterm_delete", args=[self.record.pk]) if self.may("delete") else "",
            **kwargs,
        )


class AcademicTermCreateView(ObjectCreateView):
    selector = academic_term_list
    form_class = AcademicTermForm
    list_url_name = CALENDAR

    def create(self, form):
        return services.academic_term_create(city_id=self.principal.city_id, **form.changes())


class AcademicTermEditView(ObjectEditView):
    selector = academic_term_list
    form_class = AcademicTermForm
    list_url_name = CALENDAR

    def update(self, form):
        return services.academic_term_update(term=self.record, **form.changes())


class AcademicTermDeleteView(ObjectStepView):
    selector = academic_term_list
    list_url_name = CALENDAR
    rule_kind = "delete"
    title = _("Remove the term")
    explanation = _(
        "No posting can open in the term's days any more. Postings already open in them keep their dates, and "
        "placements already made go on: the calendar is checked when a posting opens or its dates change."
    )
    done_message = _("The term is removed from the calendar.")

    def perform(self, form):
        services.academic_term_delete(term=self.record)
        return self.record

    def success_url_for(self, record):
        return reverse(CALENDAR)


class CityRulesMixin(PageMixin):
    """A page about the internship rules of the principal's city (the national defaults until it sets its own);
    the platform admin, who belongs to no city, keeps every city's in the Django admin."""

    selector = internship_rules_list

    @cached_property
    def rules(self) -> InternshipRules:
        if self.principal.city_id is None:
            raise Http404
        return internship_rules_of(self.principal.city_id)

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (str(InternshipRules._meta.verbose_name_plural).capitalize(), reverse(RULES))]


class InternshipRulesView(CityRulesMixin, TemplateView):
    template_name = "cities/internshiprules.html"

    def get(self, request, *args, **kwargs):
        self.require("view", self.rules)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        edit_url = reverse("cities:internshiprules_edit") if self.may("change", self.rules) else ""
        return super().get_context_data(object=self.rules, edit_url=edit_url, **kwargs)


class InternshipRulesEditView(ServiceFormMixin, CityRulesMixin, FormView):
    form_class = InternshipRulesForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.principal.is_authenticated:
            self.require("change", self.rules)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": self.principal, "instance": self.rules}

    def perform(self, form):
        return services.internship_rules_update(city_id=self.principal.city_id, **form.changes())

    def success_url_for(self, record):
        return reverse(RULES)

    def success_message(self, record):
        return gettext("The internship rules are saved: postings are held to them when they open or change.")

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (gettext("Edit"), "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=gettext("Change the internship rules"), **kwargs)
