"""The user's own pages: profile, and their space (/mon-espace/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from alliances.accounts.forms import ProfileForm
from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.accounts.selectors import personal_space


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre profil a été enregistré.")
        return redirect("accounts:profile")
    roles = [group.name for group in request.user.groups.all()]
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


@login_required
@require_GET
def space(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/mon-espace/: the person's territory, alliances, organisation, requests and queue."""
    return render(request, "accounts/space.html", {"space": personal_space(request.user)})
