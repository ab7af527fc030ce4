"""Who may do what with evaluations; the rows of docs/permissions.md, in code."""

from accounts.permissions import allow_resource, is_college_staff, is_enterprise_staff, is_signed_in

allow_resource("evaluation.mentorevaluation", view=is_signed_in, add=is_enterprise_staff)
allow_resource("evaluation.partyrating", view=is_signed_in, add=is_college_staff | is_enterprise_staff)
