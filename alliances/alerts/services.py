"""Writes of the alerts app: save a search, follow a territory or an alliance, pause, delete,
unsubscribe in one click, notify a person now, and send the digests of a period."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from alliances.alerts import perms
from alliances.alerts.digests import Digest, DigestBuilder, period_of
from alliances.alerts.enums import AlertKind, Frequency
from alliances.alerts.models import Alert, DigestRun, DigestSent, Notification
from alliances.alerts.searches import kind_of
from alliances.alerts.tokens import read_token
from alliances.core.emails import email_send
from alliances.core.permissions import Forbidden, is_anonymous

if TYPE_CHECKING:
    from alliances.accounts.models import User
    from alliances.partnerships.models import Alliance
    from alliances.territories.models import Territory

logger = logging.getLogger(__name__)

# Enough for anyone's real use; a limit keeps one account from making the digest run heavy.
MAX_ALERTS_PER_USER = 50
# People whose digests are built together: their alerts in one query, a bounded memory.
BATCH_SIZE = 500


class AlertError(Exception):
    """An alert that cannot be saved, with the reason in French."""


def _check_can_add(user: User, **same: Any) -> None:
    if is_anonymous(user):
        raise Forbidden("Connectez-vous pour créer une alerte.")
    alerts = Alert.objects.filter(user=user)
    if alerts.filter(**same).exists():
        raise AlertError("Vous avez déjà cette alerte : retrouvez-la dans « Mes alertes ».")
    if alerts.count() >= MAX_ALERTS_PER_USER:
        raise AlertError(f"Vous avez déjà {MAX_ALERTS_PER_USER} alertes : supprimez-en une avant d'en créer une autre.")


@transaction.atomic
def alert_create_search(*, user: User, search_kind: str, query: str, frequency: str = Frequency.DAILY) -> Alert:
    """Save a page's search; the query string goes through the page's own form first."""
    kind = kind_of(search_kind)
    if kind is None:
        raise AlertError("Cette page ne permet pas de créer une alerte.")
    data = QueryDict(query)
    canonical = kind.canonical(data)
    parsed = kind.parse(data)
    if canonical is None or parsed is None:
        raise AlertError("Ces filtres ne sont pas valides : corrigez la recherche avant de créer l'alerte.")
    _check_can_add(user, kind=AlertKind.SEARCH, search_kind=kind.key, query=canonical)
    description = kind.describe(parsed)
    label = f"{kind.label} — {description}" if description else f"{kind.label} — toutes les nouveautés"
    return Alert.objects.create(
        user=user,
        kind=AlertKind.SEARCH,
        search_kind=kind.key,
        query=canonical,
        label=label[:300],
        frequency=Frequency(frequency),
    )


@transaction.atomic
def alert_follow_territory(*, user: User, territory: Territory, frequency: str = Frequency.WEEKLY) -> Alert:
    from alliances.territories.selectors import territory_label

    _check_can_add(user, kind=AlertKind.TERRITORY, territory=territory)
    return Alert.objects.create(
        user=user,
        kind=AlertKind.TERRITORY,
        territory=territory,
        label=f"Territoire suivi — {territory_label(territory)}"[:300],
        frequency=Frequency(frequency),
    )


@transaction.atomic
def alert_follow_alliance(*, user: User, alliance: Alliance, frequency: str = Frequency.WEEKLY) -> Alert:
    from alliances.partnerships import perms as alliance_perms

    alliance_perms.require(user, alliance)  # one follows only an alliance one may read (else 404)
    _check_can_add(user, kind=AlertKind.ALLIANCE, alliance=alliance)
    return Alert.objects.create(
        user=user,
        kind=AlertKind.ALLIANCE,
        alliance=alliance,
        label=f"Alliance suivie — {alliance.title}"[:300],
        frequency=Frequency(frequency),
    )


@transaction.atomic
def alert_update(*, alert: Alert, by: User, frequency: str) -> Alert:
    perms.require_edit(by, alert)
    alert.frequency = Frequency(frequency)
    alert.save(update_fields=["frequency"])
    return alert


@transaction.atomic
def alert_pause(*, alert: Alert, by: User, paused: bool) -> Alert:
    """Pause or resume; a resumed alert tells what is new from now on, not during the pause."""
    perms.require_edit(by, alert)
    now = timezone.now()
    if paused and alert.paused_at is None:
        alert.paused_at = now
    elif not paused and alert.paused_at is not None:
        alert.paused_at = None
        alert.last_sent_at = now
    alert.save(update_fields=["paused_at", "last_sent_at"])
    return alert


@transaction.atomic
def alert_delete(*, alert: Alert, by: User) -> None:
    perms.require_edit(by, alert)
    alert.delete()


@transaction.atomic
def alerts_unsubscribe(*, token: str) -> list[Alert]:
    """Stop (pause) exactly the alerts a signed link names; raise BadToken for an altered link.

    No sign-in and no CSRF token: the link itself is the proof (RFC 8058 one-click)."""
    user_id, alert_ids = read_token(token)
    alerts = list(Alert.objects.select_for_update().filter(user_id=user_id, pk__in=alert_ids))
    now = timezone.now()
    for alert in alerts:
        if alert.paused_at is None:
            alert.paused_at = now
            alert.save(update_fields=["paused_at"])
    return alerts


def alerts_from_token(token: str) -> list[Alert]:
    """The alerts a link names (for its confirmation page); raise BadToken."""
    user_id, alert_ids = read_token(token)
    return list(Alert.objects.filter(user_id=user_id, pk__in=alert_ids))


# --- notifications ---------------------------------------------------------------------------------


def site_url() -> str:
    return settings.ALLIANCES_SITE_URL.rstrip("/")


def notify(*, user: User, text: str, url: str = "", email: bool = True) -> Notification:
    """Tell a person something now: on the site (unread until seen) and, after the commit, by email."""
    notification = Notification.objects.create(user=user, text=text[:300], url=url[:500])
    if email and user.email:
        link = f"{site_url()}{url}" if url.startswith("/") else url
        body = f"Bonjour,\n\n{text}\n\n{link}\n\nVos notifications : {site_url()}/compte/notifications/\n"
        address = user.email
        transaction.on_commit(lambda: email_send(subject=text, body=body, to=[address]))
    return notification


@transaction.atomic
def notifications_mark_read(*, user: User, now: datetime | None = None) -> int:
    """Mark every unread notification of the person read; return how many."""
    if is_anonymous(user):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())


# --- housekeeping ---------------------------------------------------------------------------------

# What the alerts keep of the past. A digest run is only needed while its period can run again (the
# current day, week or five minutes): an old one is never sent twice anyway, since its period never
# comes back. "Immediate" alerts add a run every five minutes (over 100,000 a year) and a row per
# person sent to: 90 days is what an operator needs to answer « je n'ai pas reçu mon résumé ». A read
# notification older than that is off the notifications page (the 50 latest); unread ones are kept
# until the person sees them.
HISTORY_KEPT = timedelta(days=90)


@dataclass
class PruneReport:
    runs: int = 0  # digest runs, each with its rows of people sent to
    sent: int = 0
    notifications: int = 0


@transaction.atomic
def alerts_history_prune(*, now: datetime | None = None) -> PruneReport:
    """Delete the digest runs started, and the notifications read, more than 90 days ago."""
    limit = (now or timezone.now()) - HISTORY_KEPT
    _, per_model = DigestRun.objects.filter(started_at__lt=limit).delete()
    _, read = Notification.objects.filter(read_at__lt=limit).delete()
    return PruneReport(
        runs=per_model.get(DigestRun._meta.label, 0),
        sent=per_model.get(DigestSent._meta.label, 0),
        notifications=read.get(Notification._meta.label, 0),
    )


# --- digests ---------------------------------------------------------------------------------------


@dataclass
class DigestReport:
    frequency: str
    period: str
    already_sent: bool = False
    searches: int = 0  # distinct saved searches evaluated
    people: int = 0  # people with an active alert of this frequency
    digests: int = 0  # emails sent
    items: int = 0
    failures: int = 0


def digests_send(*, frequency: str, now: datetime | None = None) -> DigestReport:
    """Send each person with alerts of this frequency ONE digest of what is new since their last
    sending; record the period so that running it again sends nothing twice.

    Each distinct saved search is evaluated once (many people save the same search), through its
    page's own selector; people are then read in batches, their digests built from those results.
    """
    frequency = Frequency(frequency)
    now = now or timezone.now()
    period = period_of(frequency, now)
    report = DigestReport(frequency=frequency, period=period)
    run, _ = DigestRun.objects.get_or_create(frequency=frequency, period=period)
    if run.finished_at is not None:
        report.already_sent = True
        return report
    alerts = Alert.objects.filter(
        frequency=frequency, paused_at__isnull=True, user__is_active=True, created_at__lte=now
    ).exclude(user__email="")
    builder = DigestBuilder(alerts=alerts, now=now, site_url=site_url())
    report.searches = builder.evaluate()
    user_ids = list(alerts.order_by("user_id").values_list("user_id", flat=True).distinct())
    report.people = len(user_ids)
    already = set(DigestSent.objects.filter(run=run).values_list("user_id", flat=True))
    for start in range(0, len(user_ids), BATCH_SIZE):
        batch = [pk for pk in user_ids[start : start + BATCH_SIZE] if pk not in already]
        advanced: list[int] = []
        for digest in builder.digests_for(batch):
            advanced += digest.quiet_alert_ids
            if not digest.sections:
                continue
            if _send_digest(run, digest):
                advanced += digest.alert_ids
                report.digests += 1
                report.items += digest.items
            else:
                report.failures += 1
        # What is new is counted from now on for the alerts told (or with nothing to tell).
        Alert.objects.filter(pk__in=advanced).update(last_sent_at=now)
    run.finished_at = timezone.now()
    run.digests = DigestSent.objects.filter(run=run).count()
    run.save(update_fields=["finished_at", "digests"])
    return report


def _send_digest(run: DigestRun, digest: Digest) -> bool:
    """Record then send one person's digest (recorded first: two runs never both send it)."""
    try:
        with transaction.atomic():
            sent = DigestSent.objects.create(run=run, user_id=digest.user_id, items=digest.items)
    except IntegrityError:
        return False
    try:
        email_send(subject=digest.subject, body=digest.body, to=[digest.email], headers=digest.headers)
    except Exception:
        logger.exception("Résumé d'alertes non envoyé au compte %s", digest.user_id)
        sent.delete()  # sent again at the next run, with what is new by then
        return False
    return True
