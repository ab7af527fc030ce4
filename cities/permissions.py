"""Who may do what with cities and the shared vocabularies; rows of docs/permissions.md, in code."""

from accounts.permissions import allow_resource, is_city_official, is_college_staff, is_enterprise_staff, is_signed_in

allow_resource("cities.city", view=is_signed_in)
allow_resource("cities.industrysector", view=is_signed_in)
# Skills are a shared vocabulary that grows as colleges and enterprises describe students and postings.
allow_resource("cities.skill", view=is_signed_in, add=is_college_staff | is_enterprise_staff)
# The academic calendar and the internship rules are the city's: every member reads their city's (a posting must
# meet them), its officials keep them (the selectors give each official their own city's only).
allow_resource(
    "cities.academicterm", view=is_signed_in, add=is_city_official, change=is_city_official, delete=is_city_official
)
allow_resource("cities.internshiprules", view=is_signed_in, change=is_city_official)
