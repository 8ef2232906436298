"""Demo practices: invented case studies placed in real communes, published and indexed (loaded by `make run`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from alliances.practices import services
from alliances.practices.models import Practice
from alliances.practices.search import unindex_practice
from alliances.sdg.models import Sdg
from alliances.territories.models import Territory

DEMO_FILE = Path(__file__).with_name("data") / "demo_practices.yaml"
DEMO_EMAIL = "demo-pratiques@alliances.invalid"


def _demo_user():
    user, created = get_user_model().objects.get_or_create(
        email=DEMO_EMAIL, defaults={"display_name": "Équipe de démonstration (fictive)", "is_demo": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo() -> int:
    """Create the demo practices not yet there (by title); skip those whose commune is not loaded."""
    entries = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    existing = set(Practice.objects.filter(is_demo=True).values_list("title", flat=True))
    communes = {
        t.code: t for t in Territory.objects.current_communes().filter(code__in=[e["commune"] for e in entries])
    }
    user = _demo_user()
    created = 0
    for number, entry in enumerate(entries):
        commune = communes.get(entry["commune"])
        if entry["title"] in existing or commune is None:
            continue
        practice = services.practice_create_draft(
            contributor=user, title=entry["title"], summary=entry["summary"], is_demo=True
        )
        services.practice_save_draft(
            practice=practice,
            by=user,
            fields={
                "fragilities": entry["fragilities"],
                "problem": entry["problem"],
                "actions": entry["actions"],
                "form": entry["form"],
                "partnership_types": entry["types"],
                "mecenat_kinds": entry.get("mecenat", []),
                "stage": entry["stage"],
                "budget_band": entry["budget"],
                "started_on": dt.date(entry["start"], 9, 1),
                "results": entry["results"],
                "lessons": entry["lessons"],
            },
            territories=[commune],
            sdgs=list(Sdg.objects.filter(pk__in=entry["sdgs"])),
            partners=[
                {"name": f"{name} — exemple fictif" if "fictif" not in name else name, "role": role}
                for name, role in entry["partners"]
            ],
        )
        services.practice_publish_demo(practice=practice, published_at=timezone.now() - dt.timedelta(days=7 * number))
        created += 1
    return created


@transaction.atomic
def remove_demo() -> int:
    practices = list(Practice.objects.filter(is_demo=True))
    for practice in practices:
        unindex_practice(practice)
        for attachment in practice.attachments.all():
            attachment.file.delete(save=False)
        practice.delete()
    get_user_model().objects.filter(email=DEMO_EMAIL, is_demo=True, practices__isnull=True).delete()
    return len(practices)
