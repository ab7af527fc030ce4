"""How the evidence behind a certification reads on the pages: each figure of ``certification_evidence`` with its
label, as recorded with an application, as the platform's data show it now, or both side by side."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from common.templatetags.platform import cny

# What the city weighs when it decides on a certification (``certification_evidence``), in the order it is shown.
EVIDENCE = {
    "active_agreements": _("Cooperation agreements in force"),
    "completed_agreements": _("Cooperation agreements completed"),
    "interns_hosted": _("Interns and apprentices hosted"),
    "interns_hired": _("Interns hired afterwards"),
    "co_built_training_bases": _("Training bases co-built with a college"),
    "investment_count": _("Investments in education recorded"),
    "investment_total": _("Total invested in education"),
}


def _shown(key: str, evidence: dict) -> str:
    if key not in evidence:
        return "—"
    return cny(Decimal(evidence[key])) if key == "investment_total" else evidence[key]


def evidence_rows(evidence: dict) -> list[tuple[str, str]]:
    """(label, value) of each figure of ``evidence``, as recorded with an application or computed today."""
    return [(label, _shown(key, evidence)) for key, label in EVIDENCE.items() if key in evidence]


def evidence_comparison(recorded: dict, now: dict) -> list[tuple[str, str, str]]:
    """(label, value recorded with the application, value today) of each figure: what changed since it applied."""
    return [(label, _shown(key, recorded), _shown(key, now)) for key, label in EVIDENCE.items()]
