"""The generic page views: a model's pages are declarations, as NetBox's are.

Each page reads through a selector (the API's scope: a record outside it is a 404 page), checks the platform's
rule for what it does (a refusal is a 403 page), filters with the API's FilterSet, and writes through the API's
service. A field error comes back next to its field; a business-rule refusal (the API's 409) as a message on the
page; the service's transaction guarantees that nothing was half-written.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.data import TableData

from accounts.permissions import may
from accounts.principals import Principal, principal_of
from accounts.selectors import saved_view_list
from common.charts import Chart
from common.exceptions import REFUSALS, refusal_message
from common.exports import (
    EXPORT_PARAMETER,
    XLSX_MAX_ROWS,
    ChunkedRows,
    chart_rows,
    export_response,
    requested_format,
)
from common.filters import MAX_INTEGER
from common.forms import PlatformModelForm, offer_matches
from common.links import page_link
from common.panels import render_panels


class PageMixin(LoginRequiredMixin):
    """A signed-in page over the rows of ``selector``; ``rule_kind`` is the rule it needs (``view``, ``add``…)."""

    selector: Callable[..., QuerySet]
    rule_kind = "view"
    # The URL names of the list page of this model, for breadcrumbs and the return after a step.
    list_url_name: str = ""

    @cached_property
    def principal(self) -> Principal:
        return principal_of(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.principal.is_authenticated:
            raise PermissionDenied(_("Your account does not belong to an organisation yet; ask your administrator."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        return type(self).selector(principal=self.principal)

    @cached_property
    def model(self) -> type[Model]:
        return self.get_queryset().model

    def rule(self, kind: str) -> str:
        return f"{self.model._meta.app_label}.{kind}_{self.model._meta.model_name}"

    def may(self, kind: str, record: Model | None = None) -> bool:
        return may(self.request.user, self.rule(kind), record)

    def require(self, kind: str, record: Model | None = None) -> None:
        if not self.may(kind, record):
            raise PermissionDenied(_("You may not do this."))

    def breadcrumbs(self) -> list[tuple[str, str]]:
        crumbs = [(_("Home"), reverse("home"))]
        if self.list_url_name:
            crumbs.append((str(self.model._meta.verbose_name_plural).capitalize(), reverse(self.list_url_name)))
        return crumbs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=self.breadcrumbs(), model_meta=self.model._meta, principal=self.principal, **kwargs
        )


class RecordMixin(PageMixin):
    """A page about the one record named by ``pk`` in the URL, found in the principal's scope or a 404."""

    @cached_property
    def record(self) -> Model:
        key = str(self.kwargs["pk"])
        if not key.isascii() or not key.isdigit() or int(key) > MAX_INTEGER:
            raise Http404
        record = self.get_queryset().filter(pk=key).first()
        if record is None:
            raise Http404
        return record

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (str(self.record), page_link(self.model, self.record.pk))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.record, **kwargs)


class ObjectListView(PageMixin, SingleTableMixin, FilterView):
    """A list: the rows of the selector, filtered by the API's FilterSet, shown by a django-tables2 table that
    sorts and pages; an htmx request for the table gets only the table's fragment (the same URL without htmx is the
    whole page). ``filter_choices`` turns id filters into selects of the rows the principal may choose from.
    ``?_export=csv`` (or ``xlsx``) downloads every row of the list as filtered and sorted (common/exports.py)."""

    template_name = "generic/object_list.html"
    table_fragment = "generic/table_fragment.html"
    paginate_by = 25
    filter_choices: dict[str, Callable[..., QuerySet]] = {}
    # Those of filter_choices among a city's thousands of rows, and the fields a search of them matches: the select
    # offers the chosen row and the first matches of a search box (common.forms.offer_matches), not every row.
    filter_searched: dict[str, tuple[str, ...]] = {}
    # The filters this page offers, in order (empty: all of the FilterSet's).
    filter_fields: tuple[str, ...] = ()
    # What to say when there is nothing yet, and the page where one starts (a URL name), if the user may add.
    empty_text = ""
    add_url_name = ""
    strict = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require("view")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def export_format(self) -> str | None:
        return requested_format(self.request)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        if self.export_format:
            return filterset  # what follows only shapes the form on the page
        fields = filterset.form.fields
        if self.filter_fields:
            # The others are still applied from the URL (a saved view, a link) and kept, just not offered here.
            offered = {name: fields[name] for name in self.filter_fields}
            for field in fields.values():
                if field not in offered.values():
                    field.widget = forms.HiddenInput()
            filterset.form.fields = {**offered, **{k: v for k, v in fields.items() if k not in offered}}
            fields = filterset.form.fields
        for field in fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            if isinstance(field, forms.NullBooleanField):
                field.widget = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
            elif getattr(field, "empty_label", None) is not None:
                # django-filter's choice fields put their empty choice first themselves, whatever their choices; the
                # widget's copy of the choices still reads the label of the FilterSet's own field, hence the reset.
                field.empty_label = _("All")
                field.widget.choices = field.choices
        for name, selector in self.filter_choices.items():
            rows = selector(principal=self.principal).prefetch_related(None)  # only str(row) is shown
            if name in self.filter_searched:
                fields[name].widget = forms.Select()
                offer_matches(
                    fields[name],
                    rows,
                    self.filter_searched[name],
                    query=self.request.GET.get(f"{name}_q", ""),
                    chosen=self.request.GET.get(name, ""),
                    url=self.request.path,
                    empty_label=_("All"),
                )
            else:
                fields[name].widget = forms.Select(choices=[("", _("All"))] + [(row.pk, str(row)) for row in rows])
        return filterset

    def get(self, request, *args, **kwargs):
        try:
            return self.export() if self.export_format else super().get(request, *args, **kwargs)
        except DjangoValidationError as error:
            if self.export_format:
                return self.page_of_export()
            # A filter that refuses a value for this reader (the API's 400): said next to the filter, no rows.
            for field, field_errors in _errors_by_field(error).items():
                self.filterset.form.add_error(field if field in self.filterset.form.fields else None, field_errors)
            self.object_list = self.filterset.queryset.none()
            return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    def export(self) -> HttpResponse:
        """Every row of the list, filtered and sorted as on the page, in the format asked for."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_valid():
            return self.page_of_export()
        self.object_list = self.filterset.qs
        table = self.get_table(**self.get_table_kwargs())
        title = str(self.model._meta.verbose_name_plural).capitalize()
        return export_response(self.request, self.export_format, table.as_values(), title=title)

    def page_of_export(self) -> HttpResponse:
        """The list's page with the same filters, which says next to a filter what it refused (not a download of
        rows that the filter was meant to leave out)."""
        query = self.request.GET.copy()
        query.pop(EXPORT_PARAMETER)
        return HttpResponseRedirect(f"{self.request.path}?{query.urlencode()}")

    def get_table_data(self):
        return ChunkedRows(self.object_list) if self.export_format else super().get_table_data()

    def get_table_pagination(self, table):
        return False if self.export_format else super().get_table_pagination(table)

    def get_table_kwargs(self):
        return {"empty_text": self.empty_text or _("Nothing here yet."), "principal": self.principal}

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "object-list":
            return [self.table_fragment]
        return [self.template_name]

    def breadcrumbs(self):
        return [(_("Home"), reverse("home"))]

    def get_context_data(self, **kwargs):
        add_url = reverse(self.add_url_name) if self.add_url_name and self.may("add") else ""
        query = self.request.GET.copy()
        query.pop(self.get_table_pagination_page_field(), None)
        saved_views = saved_view_list(principal=self.principal, page=self.request.resolver_match.view_name)
        return super().get_context_data(
            add_url=add_url,
            saved_views=saved_views,
            view_query=query.urlencode(),
            exportable=True,
            xlsx_max_rows=f"{XLSX_MAX_ROWS:,}",
            **kwargs,
        )

    def get_table_pagination_page_field(self) -> str:
        return "page"

    def get_paginate_by(self, data):
        # The table pages its rows (django-tables2 asks with its TableData): ListView's own paginator would count
        # every matching row a second time.
        return self.paginate_by if isinstance(data, TableData) else None


class ChartExportMixin:
    """A dashboard whose charts download: ``?_export=csv&chart=<key>`` (or ``xlsx``) returns that chart's table
    (categories down, one column per series, small groups as "fewer than 5"), with the page's filters applied;
    ``includes/chart.html`` links to both under each chart. The view says which charts it draws in ``charts()``."""

    def charts(self) -> list[Chart]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        export_format = requested_format(request)
        if export_format is None or "chart" not in request.GET:
            return super().get(request, *args, **kwargs)
        chart = next((chart for chart in self.charts() if chart.key == request.GET["chart"]), None)
        if chart is None:
            raise Http404
        return export_response(request, export_format, chart_rows(chart), title=chart.title)

    def get_context_data(self, **kwargs):
        return super().get_context_data(charts_exportable=True, **kwargs)


class ObjectView(RecordMixin, TemplateView):
    """A record's page (``<app>/<model>_detail.html``, extending ``generic/object.html``)."""

    def get(self, request, *args, **kwargs):
        self.require("view", self.record)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [f"{self.model._meta.app_label}/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        panels = render_panels(self.record, principal=self.principal, request=self.request)
        return super().get_context_data(panels=panels, **kwargs)


class ServiceFormMixin:
    """A form whose valid input goes to a service: a ValidationError from the service comes back next to its field
    (or above the form), a refusal as a message on the page; ``perform`` calls the service and returns the row."""

    template_name = "generic/object_edit.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), PlatformModelForm):
            # A searched choice's matches (PlatformModelForm.searched_fields), asked for by the search box.
            kwargs["request"] = self.request
        return kwargs

    def perform(self, form) -> Model:
        raise NotImplementedError

    def success_url_for(self, record: Model) -> str:
        return page_link(type(record), record.pk) or reverse("home")

    def form_valid(self, form):
        try:
            record = self.perform(form)
        except DjangoValidationError as error:
            for field, field_errors in _errors_by_field(error).items():
                form.add_error(field if field in form.fields else None, field_errors)
            return self.form_invalid(form)
        except REFUSALS as error:
            message = refusal_message(error)
            if message is None:
                raise
            messages.error(self.request, message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(record))
        return HttpResponseRedirect(self.success_url_for(record))

    def success_message(self, record: Model) -> str:
        return _("Saved.")


def _errors_by_field(error: DjangoValidationError) -> dict[str | None, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            None if field == NON_FIELD_ERRORS else field: list(errors) for field, errors in error.message_dict.items()
        }
    return {None: list(error.messages)}


class ObjectCreateView(ServiceFormMixin, PageMixin, FormView):
    """A new record: ``form_class`` (usually a ModelForm, for its labels and widgets), then ``create``."""

    rule_kind = "add"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require("add")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": self.principal}

    def create(self, form) -> Model:
        raise NotImplementedError

    def perform(self, form):
        return self.create(form)

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (_("New %(model)s") % {"model": self.model._meta.verbose_name}, "")]

    def get_context_data(self, **kwargs):
        title = _("New %(model)s") % {"model": self.model._meta.verbose_name}
        return super().get_context_data(title=title, **kwargs)


class ObjectEditView(ServiceFormMixin, RecordMixin, FormView):
    """A change to a record through ``update`` (the API's service)."""

    rule_kind = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.principal.is_authenticated:
            self.require(self.rule_kind, self.record)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": self.principal, "instance": self.record}

    def update(self, form) -> Model:
        raise NotImplementedError

    def perform(self, form):
        return self.update(form)

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (_("Edit"), "")]

    def get_context_data(self, **kwargs):
        title = _("Edit %(record)s") % {"record": self.record}
        return super().get_context_data(title=title, **kwargs)


class StepForm(forms.Form):
    """A workflow step that takes nothing but the confirmation."""

    def __init__(self, *args, principal=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReasonForm(StepForm):
    """A step whose service needs a reason, which is kept with the record and told to the other side."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Told to the other side.")
    )


class ObjectStepView(ServiceFormMixin, RecordMixin, FormView):
    """A workflow step on a record (countersign, terminate, offer…): the API's step service with the record, the
    principal and the form's data. GET shows what will happen and asks to confirm; POST takes the step."""

    template_name = "generic/object_step.html"
    form_class = StepForm
    service: Callable[..., Model]
    step_record: str
    title = ""
    # Said on the confirmation page: what the step does and whether it can be undone.
    explanation = ""
    irreversible = False
    done_message = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.principal.is_authenticated:
            self.require(self.rule_kind, self.record)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": self.principal, "instance": self.record}

    def perform(self, form):
        return type(self).service(**{self.step_record: self.record}, principal=self.principal, **form.cleaned_data)

    def success_message(self, record):
        return self.done_message or _("Done.")

    def success_url_for(self, record):
        return page_link(self.model, self.record.pk) or super().success_url_for(record)

    def breadcrumbs(self):
        return [*super().breadcrumbs(), (self.title, "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, explanation=self.explanation, irreversible=self.irreversible, **kwargs
        )
