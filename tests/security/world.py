"""The shared world of the permission matrix: one user per role, then each app's objects."""

from __future__ import annotations

from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from alliances.accounts.enums import Role
from alliances.accounts.models import User
from alliances.accounts.services import role_grant

ORGANISATION = "Association Lozère Solidaire"
OTHER_ORGANISATION = "SARL Bois de Lozère"
PASSWORD = "motdepasse-solide-42"


class World(SimpleNamespace):
    """Objects by attribute (`world.alliance`), users by role (`world.users["pilote"]`)."""


def _user(email: str, name: str, organisation: str, password: str, *roles: Role) -> User:
    user = User.objects.create(email=email, password=password, display_name=name, organisation_name=organisation)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role in roles:
        if role == Role.ADMINISTRATOR:
            role_grant(user=user, role=role)
        else:
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def build_world(modules) -> World:
    """Create the users, then let each expectations module add its objects."""
    password = make_password(PASSWORD)  # hashed once: hashing costs a third of a second
    users = {
        "anonymous": None,
        "member": _user("membre@matrice.example", "Marie Membre", ORGANISATION, password, Role.MEMBER),
        "other_org": _user("autre@matrice.example", "Octave Autre", OTHER_ORGANISATION, password, Role.MEMBER),
        "partner": _user(
            "partenaire@matrice.example", "Paul Partenaire", "Entreprise Partenaire", password, Role.MEMBER
        ),
        "pilote": _user("pilote@matrice.example", "Paule Pilote", "Mairie de Mende", password, Role.MEMBER),
        "catalyst": _user("catalyseur@matrice.example", "Claire Catalyseur", "Collectif", password, Role.CATALYST),
        "moderator": _user("moderateur@matrice.example", "Max Modérateur", "", password, Role.MODERATOR),
        "administrator": _user("admin@matrice.example", "Ada Administratrice", "", password, Role.ADMINISTRATOR),
    }
    world = World(users=users)
    for module in modules.values():
        setup = getattr(module, "setup", None)
        if setup is not None:
            setup(world)
    return world
