"""Who may do what with cities and the shared vocabularies; rows of docs/permissions.md, in code."""

from accounts.permissions import allow_resource, is_college_staff, is_enterprise_staff, is_signed_in

allow_resource("cities.city", view=is_signed_in)
allow_resource("cities.industrysector", view=is_signed_in)
# Skills are a shared vocabulary that grows as colleges and enterprises describe students and postings.
allow_resource("cities.skill", view=is_signed_in, add=is_college_staff | is_enterprise_staff)
