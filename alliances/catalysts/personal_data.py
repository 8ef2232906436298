"""Personal data of any user (RGPD): export as JSON, deletion of the account.

Deletion keeps the user row, emptied of everything that identifies the person, so that what
they contributed (practices, alliances, comments… in every app) stays, signed "Utilisateur
supprimé"; what is private to them (catalyst profile, contact requests, addresses) is deleted.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import transaction
from django.utils import timezone

from alliances.catalysts.models import CatalystProfile, ContactRequest
from alliances.core.extensions import forget_user
from alliances.core.search import delete_document

DELETED_NAME = "Utilisateur supprimé"
# Never exported: secrets of the account, even its own.
_SECRET_WORDS = ("password", "token", "secret", "key")
# Models holding sessions or one-time keys rather than the person's data.
_SKIPPED_MODELS = {"account.emailconfirmation", "socialaccount.socialtoken", "sessions.session"}


def _rows(queryset) -> list[dict[str, Any]]:
    rows = []
    for item in serializers.serialize("python", queryset):
        fields = {k: v for k, v in item["fields"].items() if not any(w in k.lower() for w in _SECRET_WORDS)}
        rows.append({"id": item["pk"], **fields})
    return rows


def user_data_export(*, user) -> dict[str, Any]:
    """Everything the platform stores about a user, readable and reusable (JSON-ready)."""
    data: dict[str, Any] = {
        "description": "Vos données sur la plateforme Alliances en territoire (droit d'accès et de portabilité).",
        "exporte_le": timezone.now().isoformat(),
        "compte": {
            "adresse_electronique": user.email,
            "nom_affiche": user.display_name,
            "prenom": user.first_name,
            "nom": user.last_name,
            "organisation": user.organisation_name,
            "vous_etes": user.organisation_role,
            "inscrit_le": user.date_joined.isoformat() if user.date_joined else None,
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
    }
    profile = CatalystProfile.objects.filter(user=user).prefetch_related("territories", "sdgs").first()
    if profile is not None:
        data["profil_catalyseur"] = {
            "nom": profile.name,
            "organisation": profile.organisation_name,
            "presentation": profile.bio,
            "experience": profile.experience,
            "photo": profile.photo.name or None,
            "territoires": [t.ref for t in profile.territories.all()],
            "metiers": profile.metiers,
            "themes": profile.themes,
            "odd": [s.number for s in profile.sdgs.all()],
            "langues": profile.languages,
            "disponibilite": profile.availability,
            "contact_prefere": profile.contact_preference,
            "visible": profile.is_public,
            "validation": profile.status,
            "cree_le": profile.created_at.isoformat(),
        }
        data["demandes_recues"] = [
            _request(r, received=True) for r in profile.contact_requests.select_related("sender", "territory")
        ]
    data["demandes_envoyees"] = [
        _request(r, received=False)
        for r in ContactRequest.objects.filter(sender=user).select_related("catalyst", "territory")
    ]
    # Whatever other apps attach to the user (contributions, memberships…), found generically.
    linked: dict[str, list[dict[str, Any]]] = {}
    for relation in get_user_model()._meta.related_objects:
        model = relation.related_model
        label = model._meta.label_lower
        if relation.many_to_many or label in _SKIPPED_MODELS or model in (CatalystProfile, ContactRequest):
            continue
        rows = _rows(model._default_manager.filter(**{relation.field.name: user}))
        if rows:
            linked.setdefault(label, []).extend(rows)
    data["autres_donnees"] = linked
    return data


def _request(request: ContactRequest, *, received: bool) -> dict[str, Any]:
    return {
        ("de" if received else "a"): request.sender_name if received else request.catalyst.name,
        "objet": request.subject,
        "territoire": request.territory.ref if request.territory else None,
        "message": request.message,
        "etat": request.status,
        "reponse": request.response_message,
        "envoyee_le": request.created_at.isoformat(),
    }


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete a user's account: private data goes, contributions stay as "Utilisateur supprimé"."""
    profile = CatalystProfile.objects.filter(user=user).first()
    if profile is not None:
        delete_document(kind="catalyst", object_id=profile.pk)
        if profile.photo and (photo_name := profile.photo.name):
            storage = profile.photo.storage
            transaction.on_commit(lambda: storage.delete(photo_name))
        profile.delete()  # and the requests it received
    # Contact requests are private correspondence, not contributions: they go too.
    ContactRequest.objects.filter(sender=user).delete()
    try:
        from allauth.account.models import EmailAddress
    except ImportError:  # pragma: no cover - allauth is installed
        pass
    else:
        EmailAddress.objects.filter(user=user).delete()
    # Other apps forget the address where they copied it (invitations, contact messages…).
    forget_user(user, email=user.email)
    user.email = f"supprime-{uuid.uuid4().hex}@utilisateur-supprime.invalid"
    user.display_name = DELETED_NAME
    user.first_name = user.last_name = ""
    user.organisation_name = ""
    user.organisation_role = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
