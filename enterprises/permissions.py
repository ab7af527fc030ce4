"""Who may do what with the enterprises app's records; the rows of docs/permissions.md, in code."""

from accounts.permissions import (
    allow_resource,
    is_city_official,
    is_enterprise_staff,
    is_platform_admin,
    is_signed_in,
    of_my_enterprise,
)

own_enterprise = is_enterprise_staff & of_my_enterprise("enterprise_id")

allow_resource("enterprises.enterprise", view=is_signed_in, change=is_enterprise_staff & of_my_enterprise("pk"))
allow_resource(
    "enterprises.talentdemand",
    view=is_signed_in,
    add=is_enterprise_staff,
    change=own_enterprise,
    delete=own_enterprise,
)
allow_resource(
    "enterprises.educationinvestment",
    view=is_enterprise_staff | is_city_official | is_platform_admin,
    add=is_enterprise_staff,
    change=own_enterprise,
    delete=own_enterprise,
)
