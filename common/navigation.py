"""The menu of each role: what a member of a college, an enterprise or a city's administration works on, in the
order they use it. Entries are URL names; the layout shows them (common/context_processors.py)."""

from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

MENUS = {
    Role.COLLEGE_STAFF: [
        ("colleges:program_list", _("Programs")),
        ("colleges:course_list", _("Courses")),
        ("colleges:student_list", _("Students")),
        ("partnerships:trainingbase_list", _("Training bases")),
        ("partnerships:cooperationagreement_list", _("Agreements")),
        ("partnerships:posting_list", _("Postings")),
        ("partnerships:application_list", _("Applications")),
        ("partnerships:placement_list", _("Placements")),
        ("partnerships:councilseat_list", _("Council seats")),
    ],
    Role.ENTERPRISE_STAFF: [
        ("enterprises:profile", _("Our enterprise")),
        ("evaluation:integrationcertification_list", _("Certification")),
        ("partnerships:posting_list", _("Postings")),
        ("partnerships:application_list", _("Applicants")),
        ("partnerships:placement_list", _("Placements")),
        ("partnerships:cooperationagreement_list", _("Agreements")),
        ("enterprises:talentdemand_list", _("Talent demand")),
        ("enterprises:educationinvestment_list", _("Investments")),
    ],
    Role.CITY_OFFICIAL: [
        ("partnerships:cooperationagreement_list", _("Agreements")),
        ("partnerships:posting_list", _("Postings")),
        ("evaluation:integrationcertification_list", _("Certification")),
    ],
}
