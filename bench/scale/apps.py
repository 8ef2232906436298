"""Load the platform's own contents (users, practices, alliances, catalysts, self-assessments)
through the apps' services, as a person using the site would create them.

Users are the one exception: accounts are created by django-allauth's sign-up form (there is no
service to call), so they are bulk-inserted with one pre-computed password hash and a confirmed
e-mail address — hashing 200,000 passwords would take hours and measures nothing. Everything
else goes through the services (`alliance_create`, `item_create`, `practice_save_draft`,
`catalyst_profile_save`, `assessment_start`…), so that history, checklists, search index and
revisions are written as in production. Everything is `is_demo=True`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

EMAIL_DOMAIN = "bench.invalid"
PASSWORD = "banc-de-mesure-2026"
FIRST = (
    "Camille Dominique Claude Alix Sacha Lou Maël Noa Charlie Eden Morgan Yael Andréa Gabriel Élise "
    "Jules Inès Hugo Lina Théo Rose Nina Arthur Léna Paul"
).split()
LAST = (
    "Aubrac Causse Margeride Lot Tarn Cévenne Gévaudan Aigoual Vallon Rocher Sauveterre Mimente Luech "
    "Bouges Charpal Truyère Colagne Jonte Tarnon Dourbie"
).split()
THEMES = {
    "emploi": "emploi des jeunes et insertion",
    "vieillissement": "bien vieillir et lien social",
    "mobilite": "mobilité solidaire",
    "alimentation": "alimentation locale et cantines",
    "climat-energie": "rénovation énergétique",
    "culture": "culture et patrimoine",
    "inclusion-numerique": "inclusion numérique",
    "centre-bourg": "revitalisation du centre-bourg",
    "sante": "accès aux soins",
    "logement": "logement des jeunes actifs",
}


@dataclass
class Loaded:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    members: list[dict] = field(default_factory=list)  # accounts the load test signs in with


def _timed(loaded: Loaded, name: str, started: float, count: int) -> None:
    loaded.counts[name] = count
    loaded.seconds[name] = round(time.monotonic() - started, 1)
    print(f"  {name} : {count} en {loaded.seconds[name]:.0f} s", flush=True)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def load_users(count: int, seed: int) -> list[int]:
    """Bulk-insert `count` confirmed accounts bench-<n>@bench.invalid (password PASSWORD); return their ids."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    rng = random.Random(f"{seed}-users")
    password = make_password(PASSWORD)
    existing = set(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("email", flat=True))
    batch = 5_000
    for start in range(0, count, batch):
        users = [
            User(
                email=f"bench-{n}@{EMAIL_DOMAIN}",
                password=password,
                display_name=f"{_person(rng)} (fictif)",
                organisation_name=f"Organisation fictive {n % 997}",
                is_demo=True,
            )
            for n in range(start, min(start + batch, count))
        ]
        users = [u for u in users if u.email not in existing]
        with transaction.atomic():
            User.objects.bulk_create(users, batch_size=1000)
            ids = dict(User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk"))
            EmailAddress.objects.bulk_create(
                [EmailAddress(user_id=ids[u.email], email=u.email, verified=True, primary=True) for u in users],
                batch_size=1000,
            )
    return list(
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_demo=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )


def load_practices(count: int, seed: int, *, communes: list, contributor) -> int:
    from alliances.practices import services
    from alliances.practices.enums import (
        BudgetBand,
        CoConstructionForm,
        Fragility,
        PartnershipType,
        Stage,
    )
    from alliances.practices.models import Practice
    from alliances.sdg.models import Sdg

    rng = random.Random(f"{seed}-practices")
    sdgs = list(Sdg.objects.order_by("pk"))
    done = Practice.objects.filter(is_demo=True, contributor=contributor).count()
    now = timezone.now()
    for n in range(done, count):
        commune = rng.choice(communes)
        fragilities = rng.sample(list(Fragility.values), rng.randint(1, 3))
        theme = THEMES.get(fragilities[0], fragilities[0])
        with transaction.atomic():
            practice = services.practice_create_draft(
                contributor=contributor,
                is_demo=True,
                title=f"{theme.capitalize()} à {commune.name} (n° {n})",
                summary=f"Exemple fictif généré pour le banc de mesure : une alliance locale autour de « {theme} ».",
            )
            services.practice_save_draft(
                practice=practice,
                by=contributor,
                fields={
                    "fragilities": fragilities,
                    "problem": f"Constat partagé sur {theme} à {commune.name}.",
                    "actions": f"Les partenaires ont mis en commun leurs moyens pour {theme}.",
                    "form": rng.choice(CoConstructionForm.values),
                    "partnership_types": rng.sample(list(PartnershipType.values), rng.randint(1, 2)),
                    "stage": rng.choice(Stage.values),
                    "budget_band": rng.choice(BudgetBand.values),
                    "started_on": dt.date(rng.randint(2015, 2025), rng.randint(1, 12), 1),
                    "results": "Résultats fictifs : voir les indicateurs.",
                    "lessons": "Se connaître avant d'agir.",
                },
                territories=[commune],
                sdgs=[*rng.sample(sdgs, rng.randint(1, 3)), sdgs[16]],
                partners=[
                    {"name": f"Partenaire fictif {rng.randint(1, 500)}", "role": "partenaire"}
                    for _ in range(rng.randint(1, 3))
                ],
            )
            services.practice_publish_demo(practice=practice, published_at=now - dt.timedelta(hours=n))
    return count


def load_alliances(count: int, seed: int, *, communes: list, user_ids: list[int]) -> list[dict]:
    """Alliances with a pilot, 1 to 5 partners, commitments, a meeting, an action, a note, an indicator."""
    from alliances.actors.models import Organisation
    from alliances.partnerships import services
    from alliances.partnerships.enums import (
        CoConstructionForm,
        CommitmentKind,
        MemberRole,
        Step,
        Visibility,
    )
    from alliances.partnerships.models import (
        ActionItem,
        Alliance,
        Commitment,
        Indicator,
        JournalEntry,
        Meeting,
        Membership,
    )

    User = get_user_model()
    # Since the directory link landed, alliances and members point at directory organisations.
    has_directory_links = any(f.name == "lead_organisation" for f in Alliance._meta.get_fields())
    rng = random.Random(f"{seed}-alliances")
    today, now = timezone.localdate(), timezone.now()
    users = User.objects.in_bulk(user_ids)
    done = Alliance.objects.filter(is_demo=True, title__endswith="(banc)").count()
    steps, forms = list(Step.values), list(CoConstructionForm.values)
    directory: dict[int, list] = {}  # commune → organisations of the directory (imported ones)
    visibilities = [Visibility.PUBLIC] * 6 + [Visibility.SIGNED_IN] * 2 + [Visibility.MEMBERS] * 2
    for n in range(done, count):
        commune = rng.choice(communes)
        theme_key = rng.choice(list(THEMES))
        theme = THEMES[theme_key]
        people = rng.sample(user_ids, min(len(user_ids), rng.randint(2, 6)))
        pilot = users[people[0]]
        pilot_org = f"Mairie de {commune.name} (fictif)"
        if commune.pk not in directory:
            directory[commune.pk] = list(Organisation.objects.filter(commune=commune).order_by("pk")[:40])
        local = directory[commune.pk]
        lead = rng.choice(local) if local else None
        with transaction.atomic():
            alliance = services.alliance_create(
                by=pilot,
                organisation_name=pilot_org,
                is_demo=True,
                data={
                    "title": f"{theme.capitalize()} à {commune.name} n° {n} (banc)",
                    "problem": f"Exemple fictif : {theme} est une fragilité partagée à {commune.name}.",
                    "territory": commune,
                    "lead_organisation_name": pilot_org,
                    "themes": theme,
                    **({"lead_organisation": lead} if lead is not None and has_directory_links else {}),
                    "sdgs": [*rng.sample(range(1, 17), 2), 17],
                    "form": rng.choice(forms),
                    "step": rng.choice(steps),
                    "visibility": rng.choice(visibilities),
                    "start_date": today - dt.timedelta(days=rng.randint(30, 900)),
                    "objectives": "1. Réunir les acteurs.\n2. Tester une réponse.\n3. Mesurer.",
                    "governance": "Comité de pilotage trimestriel (fictif).",
                },
            )
            for i, pk in enumerate(people[1:]):
                partner = rng.choice(local) if local and has_directory_links else None
                org = partner.name[:200] if partner else f"Partenaire fictif {pk % 991}"
                role = MemberRole.OBSERVER if i == 3 else MemberRole.PARTNER
                Membership.objects.create(
                    alliance=alliance,
                    user=users[pk],
                    organisation_name=org,
                    role=role,
                    **({"organisation": partner} if partner else {}),
                )
                if role == MemberRole.OBSERVER:
                    continue  # an observer reads; it adds no commitment (perms.can_contribute)
                services.item_create(
                    alliance=alliance,
                    by=users[pk],
                    organisation_name=org,
                    model=Commitment,
                    data=dict(
                        kind=rng.choice(CommitmentKind.values),
                        description=f"Engagement fictif pour {theme}",
                        amount_eur=Decimal(rng.randint(1, 60) * 500),
                        start_date=today - dt.timedelta(days=60),
                        end_date=today + dt.timedelta(days=rng.randint(30, 700)),
                    ),
                )
            services.item_create(
                alliance=alliance,
                by=pilot,
                organisation_name=pilot_org,
                model=Meeting,
                data=dict(
                    title="Comité de pilotage",
                    date=now + dt.timedelta(days=rng.randint(-200, 60)),
                    place="Salle du conseil",
                    agenda="Point d'étape",
                ),
            )
            services.item_create(
                alliance=alliance,
                by=pilot,
                organisation_name=pilot_org,
                model=ActionItem,
                data=dict(
                    title="Organiser une rencontre publique",
                    owner=pilot_org,
                    due_date=today + dt.timedelta(days=rng.randint(-60, 90)),
                ),
            )
            services.item_create(
                alliance=alliance,
                by=pilot,
                organisation_name=pilot_org,
                model=JournalEntry,
                data=dict(text="Premier comité : bonne dynamique (fictif)."),
            )
            indicator = services.item_create(
                alliance=alliance,
                by=pilot,
                organisation_name=pilot_org,
                model=Indicator,
                data=dict(
                    name="Personnes accompagnées", dimension="organisations", unit="personnes", baseline=0, target=100
                ),
            )
            services.measurement_add(
                indicator=indicator,
                by=pilot,
                date=today - dt.timedelta(days=30),
                value=Decimal(rng.randint(5, 90)),
                source="Relevé fictif",
            )
    members = []
    for membership in (
        Membership.objects.filter(alliance__is_demo=True, alliance__title__endswith="(banc)", role=MemberRole.PILOT)
        .select_related("user")
        .order_by("alliance_id")[:200]
    ):
        members.append({"email": membership.user.email, "alliance": membership.alliance_id})
    return members


def load_catalysts(count: int, seed: int, *, user_ids: list[int], territories: list, moderator) -> int:
    from alliances.catalysts.enums import Availability, ContactPreference, Metier
    from alliances.catalysts.enums import Theme as CatalystTheme
    from alliances.catalysts.models import CatalystProfile
    from alliances.catalysts.services import (
        catalyst_profile_moderate,
        catalyst_profile_save,
        catalyst_role_grant,
    )
    from alliances.sdg.models import Sdg

    User = get_user_model()
    rng = random.Random(f"{seed}-catalysts")
    sdgs = list(Sdg.objects.order_by("pk"))
    made = 0
    # The last accounts become catalysts (the first ones pilot alliances).
    for pk in user_ids[::-1][:count]:
        user = User.objects.get(pk=pk)
        if CatalystProfile.objects.filter(user=user).exists():
            made += 1
            continue
        with transaction.atomic():
            catalyst_role_grant(user=user)
            profile = CatalystProfile(
                user=user,
                name=user.display_name,
                organisation_name=f"Tiers-lieu fictif {pk % 97}",
                bio="Profil fictif de démonstration généré pour le banc de mesure : cette personne n'existe pas.",
                metiers=rng.sample(list(Metier.values), rng.randint(1, 3)),
                themes=rng.sample(list(CatalystTheme.values), rng.randint(2, 4)),
                languages=["fr"],
                availability=rng.choice(Availability.values),
                contact_preference=ContactPreference.PLATFORM,
            )
            CatalystProfile.objects.filter(
                pk=catalyst_profile_save(
                    profile=profile,
                    by=user,
                    territories=rng.sample(territories, min(len(territories), rng.randint(1, 4))),
                    sdgs=rng.sample(sdgs, 3),
                ).pk
            ).update(is_demo=True)
            profile.refresh_from_db()
            catalyst_profile_moderate(profile=profile, by=moderator, approve=True)
        made += 1
    return made


def load_assessments(count: int, seed: int, *, communes: list, user_ids: list[int]) -> int:
    from alliances.assessment import services
    from alliances.assessment.models import Assessment, Participant
    from alliances.assessment.selectors import referential_current

    User = get_user_model()
    rng = random.Random(f"{seed}-assessments")
    referential = referential_current()
    questions = [q.id for axis in referential.parsed.axes for q in axis.questions]
    done = Assessment.objects.filter(is_demo=True, created_by__email__endswith=f"@{EMAIL_DOMAIN}").count()
    for _ in range(done, count):
        user = User.objects.get(pk=rng.choice(user_ids))
        with transaction.atomic():
            assessment = services.assessment_start(
                territory=rng.choice(communes), by=user, is_public=rng.random() < 0.5, referential=referential
            )
            Assessment.objects.filter(pk=assessment.pk).update(is_demo=True)
            participant = Participant.objects.get(assessment=assessment, user=user)
            level = rng.uniform(1.5, 3.5)
            services.answers_save(
                participant=participant,
                answers={
                    q: None if rng.random() < 0.06 else max(1, min(4, round(level + rng.uniform(-1, 1))))
                    for q in questions
                },
            )
            services.participant_complete(participant=participant)
    return count


def load_all(sizes, seed: int, *, communes: list, region_territories: list, bulk: bool = False) -> Loaded:
    """Load every content type; `communes` are Territory rows (the département's, or all)."""
    from alliances.accounts.enums import Role
    from alliances.accounts.services import role_grant

    loaded = Loaded()
    started = time.monotonic()
    user_ids = load_users(sizes.users, seed)
    _timed(loaded, "users", started, len(user_ids))
    User = get_user_model()
    moderator = User.objects.get(pk=user_ids[-1])
    role_grant(user=moderator, role=Role.MODERATOR)
    contributor = User.objects.get(pk=user_ids[0])

    started = time.monotonic()
    _timed(
        loaded,
        "practices",
        started,
        load_practices_bulk(sizes.practices)
        if bulk
        else load_practices(sizes.practices, seed, communes=communes, contributor=contributor),
    )
    started = time.monotonic()
    # Pilots and partners are drawn from the first accounts, so that some people sit in several alliances.
    members_pool = user_ids[: max(50, len(user_ids) * 2 // 3)]
    loaded.members = (load_alliances_bulk if bulk else load_alliances)(
        sizes.alliances, seed, communes=communes, user_ids=members_pool
    )
    _timed(loaded, "alliances", started, sizes.alliances)
    started = time.monotonic()
    _timed(
        loaded,
        "catalysts",
        started,
        load_catalysts(
            sizes.catalysts, seed, user_ids=user_ids[:-1], territories=region_territories, moderator=moderator
        ),
    )
    started = time.monotonic()
    _timed(
        loaded,
        "assessments",
        started,
        (load_assessments_bulk if bulk else load_assessments)(
            sizes.assessments, seed, communes=communes, user_ids=members_pool
        ),
    )
    return loaded


# --- bulk paths (national volumes) ---------------------------------------------------------------
# Through the services, an alliance costs ~25 queries (checklists, history, items) and a
# self-assessment ~80 (one upsert per answer): ~5 alliances/s on PostgreSQL, i.e. ~5 hours for
# the national 100,000. The bulk paths write the same rows (alliance, pilot and partners,
# checklists of the method, history entry, commitments; assessment, participant, stored scores)
# with bulk_create in batches, and the practices through bench/practices_search.py's generator
# (tags and search index included). They are chosen with `--bulk` (automatic for `national`).

BULK_BATCH = 2_000


def load_alliances_bulk(count: int, seed: int, *, communes: list, user_ids: list[int]) -> list[dict]:
    from alliances.partnerships.checklists import DEFAULT_CHECKLISTS
    from alliances.partnerships.enums import (
        CoConstructionForm,
        CommitmentKind,
        MemberRole,
        Step,
        Visibility,
    )
    from alliances.partnerships.models import (
        Alliance,
        ChecklistItem,
        Commitment,
        HistoryEntry,
        Membership,
    )

    rng = random.Random(f"{seed}-alliances-bulk")
    today, now = timezone.localdate(), timezone.now()
    done = Alliance.objects.filter(is_demo=True, title__endswith="(banc)").count()
    steps, forms = list(Step.values), list(CoConstructionForm.values)
    visibilities = [Visibility.PUBLIC] * 6 + [Visibility.SIGNED_IN] * 2 + [Visibility.MEMBERS] * 2
    checklist = [(step, i, label) for step, labels in DEFAULT_CHECKLISTS.items() for i, label in enumerate(labels)]
    SdgLink = Alliance.sdgs.through
    for start in range(done, count, BULK_BATCH):
        numbers = range(start, min(start + BULK_BATCH, count))
        plans = []
        for n in numbers:
            commune = rng.choice(communes)
            theme = THEMES[rng.choice(list(THEMES))]
            people = rng.sample(user_ids, min(len(user_ids), rng.randint(2, 6)))
            plans.append((n, commune, theme, people))
        with transaction.atomic():
            alliances = Alliance.objects.bulk_create(
                [
                    Alliance(
                        title=f"{theme.capitalize()} à {commune.name} n° {n} (banc)",
                        territory=commune,
                        problem=f"Exemple fictif : {theme} est une fragilité partagée à {commune.name}.",
                        lead_organisation_name=f"Mairie de {commune.name} (fictif)",
                        themes=theme,
                        form=rng.choice(forms),
                        step=rng.choice(steps),
                        visibility=rng.choice(visibilities),
                        start_date=today - dt.timedelta(days=rng.randint(30, 900)),
                        created_by_id=people[0],
                        is_demo=True,
                    )
                    for n, commune, theme, people in plans
                ],
                batch_size=500,
            )
            if any(a.pk is None for a in alliances):  # backends without RETURNING: read the ids back
                ids = dict(Alliance.objects.filter(title__in=[a.title for a in alliances]).values_list("title", "pk"))
                for alliance in alliances:
                    alliance.pk = ids[alliance.title]
            members, items, commitments, history, sdgs = [], [], [], [], []
            for alliance, (_, _commune, theme, people) in zip(alliances, plans, strict=True):
                members.append(
                    Membership(
                        alliance=alliance,
                        user_id=people[0],
                        role=MemberRole.PILOT,
                        organisation_name=alliance.lead_organisation_name,
                    )
                )
                for i, pk in enumerate(people[1:]):
                    org = f"Partenaire fictif {pk % 991}"
                    members.append(
                        Membership(
                            alliance=alliance,
                            user_id=pk,
                            organisation_name=org,
                            role=MemberRole.OBSERVER if i == 3 else MemberRole.PARTNER,
                        )
                    )
                    commitments.append(
                        Commitment(
                            alliance=alliance,
                            created_by_id=pk,
                            organisation_name=org,
                            kind=rng.choice(CommitmentKind.values),
                            description=f"Engagement fictif pour {theme}",
                            amount_eur=Decimal(rng.randint(1, 60) * 500),
                            start_date=today - dt.timedelta(days=60),
                            end_date=today + dt.timedelta(days=rng.randint(30, 700)),
                        )
                    )
                items += [
                    ChecklistItem(alliance=alliance, step=step, label=label, position=i, created_by_id=people[0])
                    for step, i, label in checklist
                ]
                history.append(
                    HistoryEntry(
                        alliance=alliance, user_id=people[0], at=now, action="a créé l'alliance", target=alliance.title
                    )
                )
                sdgs += [SdgLink(alliance_id=alliance.pk, sdg_id=s) for s in {*rng.sample(range(1, 17), 2), 17}]
            Membership.objects.bulk_create(members, batch_size=1000)
            Commitment.objects.bulk_create(commitments, batch_size=1000)
            ChecklistItem.objects.bulk_create(items, batch_size=1000)
            HistoryEntry.objects.bulk_create(history, batch_size=1000)
            SdgLink.objects.bulk_create(sdgs, batch_size=1000)
        print(f"    alliances : {min(start + BULK_BATCH, count)}", flush=True)
    return [
        {"email": email, "alliance": alliance_id}
        for alliance_id, email in Membership.objects.filter(
            alliance__is_demo=True, alliance__title__endswith="(banc)", role=MemberRole.PILOT
        )
        .order_by("alliance_id")
        .values_list("alliance_id", "user__email")[:200]
    ]


def load_assessments_bulk(count: int, seed: int, *, communes: list, user_ids: list[int]) -> int:
    from alliances.assessment.models import Assessment, Participant
    from alliances.assessment.referential import AXIS_SLUGS
    from alliances.assessment.selectors import referential_current

    rng = random.Random(f"{seed}-assessments-bulk")
    referential = referential_current()
    now = timezone.now()
    done = Assessment.objects.filter(is_demo=True, created_by__email__endswith=f"@{EMAIL_DOMAIN}").count()
    for start in range(done, count, BULK_BATCH):
        with transaction.atomic():
            batch = []
            for _ in range(start, min(start + BULK_BATCH, count)):
                scores = {slug: round(rng.uniform(15, 90), 1) for slug in AXIS_SLUGS}
                batch.append(
                    Assessment(
                        territory=rng.choice(communes),
                        referential=referential,
                        created_by_id=rng.choice(user_ids),
                        is_public=rng.random() < 0.5,
                        is_demo=True,
                        completed_at=now,
                        scores=scores,
                        overall_score=round(sum(scores.values()) / len(scores), 1),
                    )
                )
            created = Assessment.objects.bulk_create(batch, batch_size=500)
            if any(a.pk is None for a in created):
                created = list(Assessment.objects.filter(invite_token__in=[a.invite_token for a in batch]))
            Participant.objects.bulk_create(
                [Participant(assessment=a, user_id=a.created_by_id, completed_at=now) for a in created], batch_size=1000
            )
    return count


def load_practices_bulk(count: int) -> int:
    """bench/practices_search.py's generator: published, tagged and indexed practices (is_demo)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "practices_search.py"
    spec = importlib.util.spec_from_file_location("bench_practices_search", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._generate(count)
    return count
