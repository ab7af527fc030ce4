from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cities.choices import SectorLevel
from cities.models import City, IndustrySector, Skill


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


class DivisionInline(admin.TabularInline):
    """The divisions of a section, for reading: the classification is shipped data, edited one sector at a time."""

    model = IndustrySector
    fk_name = "parent"
    verbose_name_plural = _("divisions")
    fields = ("code", "name_en", "name_zh")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "pilot_batch_year", "college_count", "enterprise_count")
    list_filter = ("province", "pilot_batch_year")
    search_fields = ("name", "province")
    ordering = ("name",)
    filter_horizontal = ("priority_sectors",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                college_count=Count("colleges", distinct=True),
                enterprise_count=Count("enterprises", distinct=True),
            )
        )

    @admin.display(description=_("colleges"), ordering="college_count")
    def college_count(self, city):
        return city.college_count

    @admin.display(description=_("enterprises"), ordering="enterprise_count")
    def enterprise_count(self, city):
        return city.enterprise_count
