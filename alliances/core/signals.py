"""Audit of sign-ins and permission changes, wherever they happen (site, admin, shell)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from alliances.core.audit import audit_log


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_log(action="compte.connexion", actor=user, target=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_log(action="compte.deconnexion", actor=user, target=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Never store the password; the tried identifier is useful to spot an attack.
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_log(action="compte.echec_connexion", details={"identifiant": tried}, request=request)


def _groups_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from django.contrib.auth.models import Group

    names = sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    audit_log(action=f"droits.{action.removeprefix('post_')}", target=instance, details={"groupes": names})


def connect_permission_signals():
    from django.contrib.auth import get_user_model

    m2m_changed.connect(_groups_changed, sender=get_user_model().groups.through, dispatch_uid="audit_user_groups")


def create_cache_tables(sender, using="default", verbosity=1, **kwargs):
    """`createcachetable` after every `migrate` (idempotent; nothing to do without a DB cache)."""
    from django.conf import settings
    from django.core.management import call_command

    backend = "django.core.cache.backends.db.DatabaseCache"
    if any(cache.get("BACKEND") == backend for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
