from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.choices import EmailDelivery, NotificationKind


class AccountSettingsForm(forms.Form):
    """A user's language, and how they take each kind of notification by email (one field a kind, named by it)."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("Your pages, on any browser you sign in with, and your emails."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(label=label, choices=EmailDelivery.choices)

    def kind_fields(self):
        return [self[kind] for kind in NotificationKind.values]

    def deliveries(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in NotificationKind.values}
