from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in; their role comes from their organisation membership, not from this row."""
