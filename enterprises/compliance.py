"""The national rules for vocational students' internships, as a posting must meet them before it opens.

The thresholds are data: each city's ``InternshipRules`` row (the national defaults when it has none) and its
``AcademicTerm`` calendar. Each broken rule gives one message, filed under the posting field it is about and naming
the limit and the posting's value, so that an enterprise sees at once what to change. The term rule spans both
dates, so it is filed with the rules across fields (``non_field_errors`` in the API), as the model's date checks are.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from cities.models import AcademicTerm
from cities.selectors import internship_rules_of
from enterprises.models import Posting

# The posting fields the rules read; changing one of them on an open posting runs the checks again.
RULED_FIELDS = frozenset(
    {"daily_hours", "night_work", "insurance", "stipend_monthly", "minimum_age", "starts_on", "ends_on"}
)


def _term_violation(posting: Posting, city_id: int) -> str | None:
    terms = AcademicTerm.objects.filter(city_id=city_id)
    if not terms.exists():
        return _(
            "The city has no academic terms recorded, so no internship can be placed in one yet: the city's "
            "officials keep its academic calendar on the platform; ask them to enter it."
        )
    if terms.filter(starts_on__lte=posting.starts_on, ends_on__gte=posting.ends_on).exists():
        return None
    return _(
        "An internship runs inside one academic term of the city; %(starts_on)s to %(ends_on)s is not inside any."
    ) % {"starts_on": posting.starts_on, "ends_on": posting.ends_on}


def posting_violations(posting: Posting) -> dict[str, list[str]]:
    """Every rule ``posting`` breaks, as field → messages (empty when it complies)."""
    city_id = posting.enterprise.city_id
    rules = internship_rules_of(city_id)
    violations: dict[str, list[str]] = {}
    if posting.daily_hours > rules.max_daily_hours:
        violations["daily_hours"] = [
            _("Interns work at most %(limit)s hours a day; this posting asks for %(value)s.")
            % {"limit": rules.max_daily_hours, "value": posting.daily_hours}
        ]
    if posting.night_work and not rules.night_work_allowed:
        violations["night_work"] = [_("Interns may not work at night in this city; this posting includes night work.")]
    if rules.insurance_required and not posting.insurance:
        violations["insurance"] = [
            _("Interns must be covered by liability insurance; this posting does not provide it.")
        ]
    if posting.stipend_monthly < rules.minimum_monthly_stipend:
        violations["stipend_monthly"] = [
            _("The monthly stipend is at least %(limit)s CNY in this city; this posting offers %(value)s CNY.")
            % {"limit": rules.minimum_monthly_stipend, "value": posting.stipend_monthly}
        ]
    if posting.minimum_age < rules.minimum_age:
        violations["minimum_age"] = [
            _("Interns are at least %(limit)s years old; this posting accepts them from %(value)s.")
            % {"limit": rules.minimum_age, "value": posting.minimum_age}
        ]
    term_violation = _term_violation(posting, city_id)
    if term_violation:
        violations[NON_FIELD_ERRORS] = [term_violation]
    return violations
