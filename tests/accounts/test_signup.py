"""Sign-up with email confirmation, sign-in, password reset, profile."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-2026"


def _link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_sign_up_confirm_then_sign_in(client, django_user_model):
    response = client.post(
        "/compte/signup/", {"email": "maire@exemple.fr", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["maire@exemple.fr"]
    # Not signed in before the address is confirmed.
    assert client.get("/compte/profil/").status_code == 302
    confirm_url = _link(confirmation)
    client.post(confirm_url)
    response = client.get("/compte/profil/")
    assert response.status_code == 200
    assert "maire@exemple.fr" in response.content.decode()


def test_sign_up_errors_are_in_french(client):
    response = client.post("/compte/signup/", {"email": "pas-une-adresse", "password1": "a", "password2": "b"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in html or "adresse" in html.lower()


def test_password_reset_sends_a_link(client, user):
    client.post("/compte/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/compte/password/reset/key/" in mail.outbox[0].body


def test_profile_update(client, user):
    client.force_login(user)
    response = client.post(
        "/compte/profil/",
        {"display_name": "Alice M.", "organisation_name": "Mairie de Mende", "organisation_role": "elu"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.organisation_name == "Mairie de Mende"


def test_roles_exist_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {"membre", "catalyseur", "moderateur", "administrateur"}


def test_profile_links_to_personal_data(client, user):
    client.force_login(user)
    html = client.get("/compte/profil/").content.decode()
    assert "/compte/mes-donnees/" in html and "/compte/supprimer/" in html
    export = client.get("/compte/mes-donnees/")
    assert export.status_code == 200 and user.email in export.content.decode()
