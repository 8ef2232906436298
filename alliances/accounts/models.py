"""Users: sign-in by email; a profile says which organisation they act for."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from alliances.accounts.enums import OrganisationRole, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField("adresse électronique", unique=True)
    display_name = models.CharField("nom affiché", max_length=150, blank=True)
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    organisation_role = models.CharField("vous êtes", max_length=20, choices=OrganisationRole.choices, blank=True)
    is_demo = models.BooleanField("exemple fictif", default=False, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # A manager for email sign-in: the stubs expect AbstractUser's, whose create_user needs a username.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self) -> str:
        return self.display_name or self.email

    def has_role(self, role: Role) -> bool:
        if self.is_superuser and role == Role.ADMINISTRATOR:
            return True
        return self.groups.filter(name=role.value).exists()

    @property
    def public_name(self) -> str:
        """What other users see: never the email address."""
        return self.display_name or "Utilisateur"
