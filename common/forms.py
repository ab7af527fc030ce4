"""The base of the pages' forms: a ModelForm for its labels, hints and widgets, whose foreign keys offer only the rows
the principal may choose (the API's ``ScopedRelatedField``); the service behind the page does the writing."""

from collections.abc import Callable

from django import forms
from django.db.models import QuerySet

from accounts.principals import Principal


class PlatformModelForm(forms.ModelForm):
    """``scoped_fields`` names each foreign key (or many-to-many) field and the selector of its choices."""

    scoped_fields: dict[str, Callable[..., QuerySet]] = {}

    def __init__(self, *args, principal: Principal, **kwargs):
        super().__init__(*args, **kwargs)
        self.principal = principal
        for name, selector in self.scoped_fields.items():
            if name in self.fields:
                self.fields[name].queryset = selector(principal=principal)

    def _post_clean(self):
        """Model validation is the service's (it validates the whole row before writing, for the API too), so
        the form only cleans its fields; the service's errors come back onto them (common/views.py)."""

    def changes(self) -> dict:
        """The cleaned fields, as the service takes them."""
        return dict(self.cleaned_data)


class DateInput(forms.DateInput):
    """The browser's date picker; its value is ISO 8601 whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
