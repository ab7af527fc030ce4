from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.admin import MEMBER_SEARCH_FIELDS, MembershipAdmin
from cities import services
from cities.choices import SectorLevel
from cities.models import (
    INTERNSHIP_THRESHOLDS,
    AcademicTerm,
    City,
    CityOfficial,
    IndustrySector,
    InternshipRules,
    Skill,
)
from common.admin import ReadOnlyMixin


class IndustrySectionFilter(admin.SimpleListFilter):
    """Rows whose ``sector`` is a GB/T 4754 section or one of its divisions: 20 choices instead of 117."""

    title = _("industry section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(section.code, str(section)) for section in IndustrySector.objects.filter(level=SectorLevel.SECTION)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(sector__code=self.value()) | Q(sector__parent__code=self.value()))
        return queryset


class DivisionInline(ReadOnlyMixin, admin.TabularInline):
    """The divisions of a section, for reading: the classification is shipped data, edited one sector at a time."""

    model = IndustrySector
    fk_name = "parent"
    verbose_name_plural = _("divisions")
    fields = ("code", "name_en", "name_zh")
    extra = 0
    show_change_link = True


@admin.register(IndustrySector)
class IndustrySectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_zh", "level", "parent")
    list_select_related = ("parent",)
    list_filter = ("level", "parent")
    search_fields = ("code", "name_en", "name_zh")
    ordering = ("code",)

    def get_inlines(self, request, obj):
        return [DivisionInline] if obj is not None and obj.level == SectorLevel.SECTION else []


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "sector")
    list_select_related = ("sector",)
    list_filter = (IndustrySectionFilter,)
    search_fields = ("name",)
    ordering = ("name",)


class InternshipRulesInline(ReadOnlyMixin, admin.StackedInline):
    """The city's thresholds, shown; they are changed on their own page, through the service the officials use."""

    model = InternshipRules
    show_change_link = True


class AcademicTermInline(ReadOnlyMixin, admin.TabularInline):
    """The city's calendar, shown; each term is changed on its own page, through the service the officials use."""

    model = AcademicTerm
    fields = ("name", "starts_on", "ends_on")
    extra = 0
    show_change_link = True


def _count_of(relation) -> Coalesce:
    """A subquery counting a city's rows of ``relation`` (a join of both would multiply them)."""
    related = relation.field.model
    counted = related.objects.filter(city=OuterRef("pk")).order_by().values("city").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "pilot_batch_year", "incentive_rate", "college_count", "enterprise_count")
    list_filter = ("province", "pilot_batch_year")
    search_fields = ("name", "province")
    ordering = ("name",)
    filter_horizontal = ("priority_sectors",)
    inlines = (InternshipRulesInline, AcademicTermInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(college_count=_count_of(City.colleges), enterprise_count=_count_of(City.enterprises))
        )

    @admin.display(description=_("colleges"), ordering="college_count")
    def college_count(self, city):
        return city.college_count

    @admin.display(description=_("enterprises"), ordering="enterprise_count")
    def enterprise_count(self, city):
        return city.enterprise_count


@admin.register(InternshipRules)
class InternshipRulesAdmin(admin.ModelAdmin):
    list_display = ("city", *INTERNSHIP_THRESHOLDS)
    list_select_related = ("city",)
    ordering = ("city__name",)
    autocomplete_fields = ("city",)

    def get_readonly_fields(self, request, obj=None):
        return ("city",) if obj else ()

    def save_model(self, request, obj, form, change):
        # Through the service the city's officials use; the admin goes on with ``obj`` (its log entry, its redirect).
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "city"}
        obj.pk = services.internship_rules_update(city_id=obj.city_id, **changes).pk


@admin.register(AcademicTerm)
class AcademicTermAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "starts_on", "ends_on")
    list_select_related = ("city",)
    list_filter = ("city",)
    search_fields = ("name", "city__name")
    date_hierarchy = "starts_on"
    ordering = ("city__name", "starts_on")
    autocomplete_fields = ("city",)

    def get_readonly_fields(self, request, obj=None):
        return ("city",) if obj else ()

    def save_model(self, request, obj, form, change):
        # Through the services the city's officials use; the admin goes on with ``obj`` (its log entry, its redirect).
        if change:
            services.academic_term_update(term=obj, **{name: form.cleaned_data[name] for name in form.changed_data})
        else:
            fields = {name: form.cleaned_data[name] for name in ("name", "starts_on", "ends_on")}
            obj.pk = services.academic_term_create(city_id=obj.city_id, **fields).pk

    def delete_model(self, request, obj):
        services.academic_term_delete(term=obj)

    def delete_queryset(self, request, queryset):
        for term in queryset:
            services.academic_term_delete(term=term)


@admin.register(CityOfficial)
class CityOfficialAdmin(MembershipAdmin):
    list_display = ("user", "city", "title")
    list_select_related = ("user", "city")
    list_filter = ("city",)
    search_fields = (*MEMBER_SEARCH_FIELDS, "city__name")
    ordering = ("city__name", "user__username")
    autocomplete_fields = ("user",)
