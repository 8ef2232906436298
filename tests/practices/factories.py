"""Factories of practices: `PracticeFactory` makes a draft; `published_practice(...)` goes through the services."""

from __future__ import annotations

import factory

from alliances.accounts.enums import Role
from alliances.accounts.models import User
from alliances.practices import services
from alliances.practices.enums import CoConstructionForm
from alliances.practices.models import Practice
from alliances.sdg.models import Sdg
from alliances.territories.models import Territory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Membre {n}")
    # Unusable password: tests sign in with force_login, and hashing would cost ~0.3 s per user.
    password = "!"


def moderator(**kwargs) -> User:
    from django.contrib.auth.models import Group

    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])
    return user


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    title = factory.Sequence(lambda n: f"Pratique {n}")
    summary = "Une commune, une association et une entreprise ont agi ensemble pour leur territoire."
    contributor = factory.SubFactory(UserFactory)
    fragilities = ["emploi"]
    actions = "Des rencontres, un plan d'action, un suivi partagé."
    form = CoConstructionForm.PARTNERSHIP


def commune(code: str = "48095") -> Territory:
    return Territory.objects.current_communes().get(code=code)


def published_practice(*, sdgs=(), territories=None, by=None, **fields) -> Practice:
    """A practice filled, submitted and published through the services (so it is indexed as in real life)."""
    practice = PracticeFactory(**fields)
    practice.territories.set(territories if territories is not None else [commune()])
    practice.sdgs.set(Sdg.objects.filter(pk__in=list(sdgs)))
    practice.status = "soumise"
    practice.save()
    if by is None:
        by = User.objects.filter(email="moderateur-usine@example.org").first() or moderator(
            email="moderateur-usine@example.org"
        )
    services.practice_publish(practice=practice, by=by)
    practice.refresh_from_db()
    return practice
