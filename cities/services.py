from cities.models import Skill
from common.services import model_create


def skill_create(**fields) -> Skill:
    """Add a skill to the shared vocabulary; a name that exists already (in any case) is refused."""
    return model_create(Skill, **fields)
