"""Who is asking: a user's role and organisation, read once from their membership."""

from dataclasses import dataclass

from accounts.choices import Role

# The reverse one-to-one accessors of the three membership models, and the organisation each names.
MEMBERSHIPS = {"college_membership": "college", "enterprise_membership": "enterprise", "city_membership": "city"}
# What the authentication backends load with a user, so that its principal costs no query.
MEMBERSHIP_RELATIONS = ("college_membership__college", "enterprise_membership__enterprise", "city_membership__city")


@dataclass(frozen=True)
class Principal:
    """The role and organisation a request acts for; selectors and permission rules take this, not the user."""

    role: Role
    user_id: int | None = None
    college_id: int | None = None
    enterprise_id: int | None = None
    city_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role != Role.ANONYMOUS


ANONYMOUS = Principal(role=Role.ANONYMOUS)


def principal_of(user) -> Principal:
    """The principal of ``user``, cached on it; costs no query when the memberships were selected with the user.

    A user holds at most one membership (``accounts.services.membership_create`` refuses a second); a superuser is
    the platform admin whatever else they hold.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_principal", None)
    if cached is None:
        cached = user._principal = _resolve(user)
    return cached


def _resolve(user) -> Principal:
    if user.is_superuser:
        return Principal(role=Role.PLATFORM_ADMIN, user_id=user.pk)
    if hasattr(user, "college_membership"):
        college = user.college_membership.college
        return Principal(role=Role.COLLEGE_STAFF, user_id=user.pk, college_id=college.pk, city_id=college.city_id)
    if hasattr(user, "enterprise_membership"):
        enterprise = user.enterprise_membership.enterprise
        return Principal(
            role=Role.ENTERPRISE_STAFF, user_id=user.pk, enterprise_id=enterprise.pk, city_id=enterprise.city_id
        )
    if hasattr(user, "city_membership"):
        return Principal(role=Role.CITY_OFFICIAL, user_id=user.pk, city_id=user.city_membership.city_id)
    # Signed in but belonging to no organisation (e.g. a new account): sees nothing yet.
    return Principal(role=Role.ANONYMOUS, user_id=user.pk)


def organisation_of(user):
    """The college, enterprise or city ``user`` is a member of, or None."""
    for membership, organisation in MEMBERSHIPS.items():
        if hasattr(user, membership):
            return getattr(getattr(user, membership), organisation)
    return None
