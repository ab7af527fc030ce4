"""What the admin's change page posts back: its form and inlines as they were shown, for a test to edit."""


def _posted(form) -> dict:
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        else:
            data[field.html_name] = "on" if value is True else str(value)
    return data


def change_form_data(response) -> dict:
    """The data of an admin add or change page (``response`` of its GET), inline formsets included."""
    data = _posted(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= _posted(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= _posted(form)
    return data
