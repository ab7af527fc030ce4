"""The menu of each role: what a member of a college, an enterprise or a city's administration works on, in the
order they use it, each with a line saying what is there. Entries are URL names; the layout shows them
(common/context_processors.py) and the signed-in home page lists them with their lines."""

from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

MENUS = {
    Role.COLLEGE_STAFF: [
        (
            "evaluation:dashboard",
            _("Dashboard"),
            _("Your programs' talent scores, agreements' health, placement rate and stations against the city."),
        ),
        ("colleges:program_list", _("Programs"), _("Your majors: objectives, target sectors, practice requirements.")),
        ("colleges:course_list", _("Courses"), _("Credits, practical credits and the industry standards taught.")),
        ("colleges:student_list", _("Students"), _("Enrolment, practice hours, certificates, placements, scores.")),
        ("partnerships:trainingbase_list", _("Training bases"), _("The bases you host and the city's shared ones.")),
        ("partnerships:cooperationagreement_list", _("Agreements"), _("Propose, countersign, amend and follow them.")),
        ("partnerships:posting_list", _("Postings"), _("The city's open internships: nominate your students.")),
        ("partnerships:application_list", _("Applications"), _("Your students' applications and offers to answer.")),
        ("partnerships:placement_list", _("Placements"), _("Internships under way and completed.")),
        (
            "partnerships:allocationround_list",
            _("Allocation rounds"),
            _("The city's rounds your college takes part in: enter your students' ranked choices."),
        ),
        ("partnerships:councilseat_list", _("Council seats"), _("Who sits on your cooperation councils.")),
    ],
    Role.ENTERPRISE_STAFF: [
        (
            "evaluation:dashboard",
            _("Dashboard"),
            _("Your agreements' health, interns, demand against graduates and certification evidence."),
        ),
        ("enterprises:profile", _("Our enterprise"), _("Your profile as colleges and the city see it.")),
        (
            "evaluation:integrationcertification_list",
            _("Certification"),
            _("Apply to be certified as an integration enterprise and follow the decision."),
        ),
        ("partnerships:posting_list", _("Postings"), _("Create, open and close internships and apprenticeships.")),
        ("partnerships:application_list", _("Applicants"), _("Shortlist, offer or reject the students who applied.")),
        ("partnerships:placement_list", _("Placements"), _("Your interns: evaluate them as their mentor, complete.")),
        (
            "partnerships:allocationround_list",
            _("Allocation rounds"),
            _("The city's rounds your postings take part in: rank their applicants."),
        ),
        ("partnerships:cooperationagreement_list", _("Agreements"), _("Your cooperation with colleges.")),
        ("enterprises:talentdemand_list", _("Talent demand"), _("Whom you expect to hire, by sector and skill.")),
        ("enterprises:educationinvestment_list", _("Investments"), _("What you put into education.")),
    ],
    Role.CITY_OFFICIAL: [
        (
            "evaluation:city_dashboard",
            _("City dashboard"),
            _("Health, talent, sector alignment, resources, certification and placements at a glance."),
        ),
        ("colleges:college_list", _("Colleges"), _("The city's colleges: programs, students, stations, agreements.")),
        ("enterprises:enterprise_list", _("Enterprises"), _("The city's enterprises, certified ones marked.")),
        (
            "partnerships:cooperationagreement_list",
            _("Agreements"),
            _("The city's cooperation agreements and health."),
        ),
        ("partnerships:posting_list", _("Postings"), _("The city's internships and apprenticeships.")),
        (
            "partnerships:allocationround_list",
            _("Allocation rounds"),
            _("Place students into internship slots by stable matching: set up, open, run and publish."),
        ),
        (
            "evaluation:integrationcertification_list",
            _("Certification queue"),
            _("Enterprises' applications to be certified: weigh the evidence, then decide."),
        ),
        (
            "evaluation:incentive_list",
            _("Incentives"),
            _("What each enterprise invested and the incentive it can expect."),
        ),
        (
            "cities:academicterm_list",
            _("Academic calendar"),
            _("The city's terms, inside which internships must run."),
        ),
        (
            "cities:internshiprules",
            _("Internship rules"),
            _("The hours, stipend, age and insurance postings must meet."),
        ),
        (
            "evaluation:scoringrun_list",
            _("Scoring runs"),
            _("Recompute the scores, follow a run, and the weights each version uses."),
        ),
    ],
}
