"""The form of a posting's terms, as the enterprise writes them (partnerships/posting_views.py)."""

from django import forms
from django.utils.translation import gettext as _

from cities.selectors import internship_rules_of
from common.forms import DateInput, PlatformModelForm
from enterprises.models import Posting
from partnerships.selectors import training_base_list


class PostingForm(PlatformModelForm):
    """Each field a rule of the city reads says its limit in its hint, so the enterprise meets it first time."""

    scoped_fields = {"training_base": training_base_list}
    searched_fields = {"training_base": ("name",)}

    class Meta:
        model = Posting
        fields = [
            "kind",
            "title",
            "description",
            "sector",
            "skills",
            "slots",
            "starts_on",
            "ends_on",
            "deadline",
            "daily_hours",
            "night_work",
            "stipend_monthly",
            "insurance",
            "minimum_age",
            "training_base",
            "district",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "skills": forms.SelectMultiple(attrs={"size": 8}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "deadline": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.principal.city_id is None:
            return
        rules = internship_rules_of(self.principal.city_id)
        hints = {
            "daily_hours": _("At most %(limit)s hours a day in your city.") % {"limit": rules.max_daily_hours},
            "night_work": _("Allowed in your city.") if rules.night_work_allowed else _("Not allowed in your city."),
            "insurance": _("Required in your city.") if rules.insurance_required else _("Not required in your city."),
            "stipend_monthly": _("At least %(limit)s CNY a month in your city.")
            % {"limit": rules.minimum_monthly_stipend},
            "minimum_age": _("At least %(limit)s in your city.") % {"limit": rules.minimum_age},
        }
        for name, hint in hints.items():
            self.fields[name].help_text = hint
