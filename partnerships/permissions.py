"""Who may do what with the partnerships app's records; the rows of docs/permissions.md, in code."""

from accounts.permissions import (
    allow,
    allow_resource,
    is_city_official,
    is_college_staff,
    is_enterprise_staff,
    is_platform_admin,
    is_signed_in,
    of_my_college,
    of_my_enterprise,
)
from enterprises.permissions import own_enterprise
from partnerships.choices import (
    AGREEMENT_STEPS,
    ALLOCATION_ROUND_STEPS,
    COLLEGE_APPLICATION_STEPS,
    ENTERPRISE_APPLICATION_STEPS,
)

is_organisation_staff = is_college_staff | is_enterprise_staff
party_to_agreement = of_my_college("college_id") | of_my_enterprise("enterprise_id")
party_to_agreement_of = of_my_college("agreement.college_id") | of_my_enterprise("agreement.enterprise_id")
hosting_college = is_college_staff & of_my_college("host_college_id")
council_college = is_college_staff & of_my_college("college_id")

allow_resource(
    "partnerships.trainingbase",
    view=is_signed_in,
    add=is_college_staff,
    change=hosting_college,
    delete=hosting_college,
)
allow_resource(
    "partnerships.cooperationagreement",
    view=is_signed_in,
    add=is_organisation_staff,
    change=is_organisation_staff & party_to_agreement,
    delete=is_organisation_staff & party_to_agreement,
)
for resource in ("partnerships.commitment", "partnerships.milestone"):
    allow_resource(
        resource,
        view=is_signed_in,
        add=is_organisation_staff,
        change=is_organisation_staff & party_to_agreement_of,
        delete=is_organisation_staff & party_to_agreement_of,
    )
# Postings (an enterprises model, whose lifecycle is in partnerships/services/postings.py): a posting's enterprise
# opens it; closing takes it off the market, which the platform may do too (moderation).
allow_resource(
    "enterprises.posting", view=is_signed_in, add=is_enterprise_staff, change=own_enterprise, delete=own_enterprise
)
allow("enterprises.open_posting", own_enterprise)
allow("enterprises.close_posting", own_enterprise | is_platform_admin)
allow_resource(
    "partnerships.councilseat", view=is_signed_in, add=is_college_staff, change=council_college, delete=council_college
)
allow_resource("partnerships.application", view=is_signed_in, add=is_college_staff)
allow_resource("partnerships.placement", view=is_signed_in)

# Applications and placements: the posting's enterprise decides on applications and completes placements; the
# student's college answers for the student; either side, or the platform, cancels a placement. Whether the step
# fits the record's state is the service's rule (409).
posting_enterprise = is_enterprise_staff & of_my_enterprise("posting.enterprise_id")
student_college = is_college_staff & of_my_college("student.program.college_id")
for step in ENTERPRISE_APPLICATION_STEPS:
    allow(f"partnerships.{step}_application", posting_enterprise)
for step in COLLEGE_APPLICATION_STEPS:
    allow(f"partnerships.{step}_application", student_college)
allow("partnerships.complete_placement", posting_enterprise)
allow("partnerships.cancel_placement", posting_enterprise | student_college | is_platform_admin)


# The lifecycle of an agreement: each party acts on its own agreements; which party may take which step in which
# state (e.g. only the other party countersigns) is the service's rule, answered with a 409.
for step in AGREEMENT_STEPS:
    allow(f"partnerships.{step}_cooperationagreement", is_organisation_staff & party_to_agreement)
# Signed scans of an agreement's versions: whoever may read the agreement reads and downloads them (its view rule);
# only its parties attach one.
allow("partnerships.attach_scan_cooperationagreement", is_organisation_staff & party_to_agreement)
allow("partnerships.deliver_commitment", is_organisation_staff & party_to_agreement_of)
allow("partnerships.complete_milestone", is_organisation_staff & party_to_agreement_of)

# Allocation rounds (docs/matching.md). Which rounds a principal sees is the selector's scope: an official their
# city's, college staff the rounds their college takes part in, enterprise staff those with one of their postings.
# An official sets a round up and takes it through its steps; a college enters its own students' choices; an
# enterprise ranks its postings' applicants, and an official may accept the default ranking for a silent one.
allow_resource("partnerships.allocationround", view=is_signed_in, add=is_city_official, change=is_city_official)
for step in ALLOCATION_ROUND_STEPS:
    allow(f"partnerships.{step}_allocationround", is_city_official)
allow("partnerships.set_choices_allocationround", is_college_staff)
allow("partnerships.rank_allocationround", is_enterprise_staff | is_city_official)
