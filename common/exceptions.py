class BusinessRuleViolation(Exception):
    """A request that is well-formed but conflicts with the state of the platform (answered with 409)."""
