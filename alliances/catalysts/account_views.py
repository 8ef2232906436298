"""Personal-data pages of every account: /compte/mes-donnees/ and /compte/supprimer/."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from alliances.catalysts.personal_data import user_data_export, user_delete


@login_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    """Download everything stored about the signed-in user, as JSON."""
    payload = json.dumps(user_data_export(user=request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-alliances.json"'
    response["Cache-Control"] = "no-store"
    return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Votre mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label="Je comprends que la suppression est définitive.",
        error_messages={"required": "Cochez cette case pour confirmer la suppression."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mot de passe incorrect : votre compte n'a pas été supprimé.")
        return password


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_delete(user=request.user)
        logout(request)
        messages.success(
            request,
            "Votre compte a été supprimé. Vos contributions publiques restent, signées « Utilisateur supprimé ».",
        )
        return redirect("core:home")
    return render(request, "catalysts/account_delete.html", {"form": form}, status=400 if form.errors else 200)
