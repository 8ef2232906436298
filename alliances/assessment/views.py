"""Pages of the self-assessment: start, answer axis by axis (htmx or plain forms), results, PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.assessment import perms, selectors, services
from alliances.assessment.enums import DONT_KNOW, Mode
from alliances.assessment.forms import StartForm
from alliances.assessment.models import Assessment, Participant
from alliances.assessment.presenters import chart_and_table, weak_points
from alliances.assessment.recommendations import recommendations_for
from alliances.partnerships import perms as alliance_perms
from alliances.partnerships.models import Alliance
from alliances.partnerships.selectors import alliance_get_visible
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.selectors import territory_label, territory_resolve

ASSESSED_KINDS = [TerritoryKind.COMMUNE, TerritoryKind.EPCI]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    referential = selectors.referential_current()
    mine = list(selectors.assessments_of_user(request.user)[:20]) if request.user.is_authenticated else []
    to_join = list(selectors.alliance_assessments_to_join(request.user)) if request.user.is_authenticated else []
    return render(
        request,
        "assessment/home.html",
        {
            "referential": referential,
            "data": referential.parsed,
            "mine": mine,
            "to_join": to_join,
        },
    )


@require_GET
def referential_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    referential = selectors.referential_current()
    return render(request, "assessment/referential.html", {"referential": referential, "data": referential.parsed})


def _resolve_territory(query: str) -> tuple[Territory | None, list[Territory]]:
    """One territory when the query designates it, otherwise the candidates to choose from."""
    resolution = territory_resolve(query, kinds=list(ASSESSED_KINDS), limit=10)
    return resolution.territory, list(resolution.candidates)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    candidates: list[Territory] = []
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid():
            territory, candidates = _resolve_territory(form.cleaned_data["territoire"])
            alliance = _alliance(request, form.cleaned_data["alliance"])
            if territory is not None:
                try:
                    assessment = services.assessment_start(
                        territory=territory,
                        by=request.user,
                        mode=form.cleaned_data["mode"],
                        is_public=form.cleaned_data["is_public"],
                        alliance=alliance,
                    )
                except services.AssessmentError as error:
                    form.add_error(None, str(error))
                else:
                    return redirect(assessment.get_absolute_url())
            if not candidates:
                form.add_error(
                    "territoire",
                    "Aucune commune ni intercommunalité ne correspond : vérifiez l'orthographe ou saisissez le code INSEE.",
                )
    else:
        initial: dict[str, Any] = {"territoire": request.GET.get("territoire", "")[:100]}
        alliance = _alliance(request, request.GET.get("alliance"))
        if alliance is not None:
            initial.update(
                alliance=alliance.pk, mode=Mode.GROUP, territoire=initial["territoire"] or alliance.territory.ref
            )
        form = StartForm(initial=initial)
        if initial["territoire"]:
            territory, _ = _resolve_territory(initial["territoire"])
            if territory is not None:
                form.initial["territoire"] = territory_label(territory)
    alliance_id = form["alliance"].value()
    return render(
        request,
        "assessment/start.html",
        {
            "form": form,
            "candidates": candidates,
            "alliance": _alliance(request, alliance_id),
        },
    )


def _alliance(request: HttpRequest, value) -> Alliance | None:
    """The alliance named in a form or link, if the user may read it (else 404, like the alliance's
    own page: its title stays private); membership is checked by the service."""
    if value in (None, ""):
        return None
    return alliance_get_visible(user=request.user, pk=value)


def _shown_alliance(request: HttpRequest, assessment: Assessment) -> Alliance | None:
    """The assessment's alliance, named on its pages only to those who may read the alliance
    (a participant invited by link, or anyone on public results, may not)."""
    alliance = assessment.alliance
    return alliance if alliance is not None and alliance_perms.can_view(request.user, alliance) else None


def _participation(request: AuthenticatedHttpRequest, pk: int) -> Participant:
    participant = (
        Participant.objects.select_related("assessment", "assessment__territory", "assessment__referential")
        .filter(assessment_id=pk, user=request.user)
        .first()
    )
    if participant is None:
        raise Http404("Autodiagnostic introuvable")
    return participant


def _progress(participant: Participant, answers: dict[str, int | None]) -> list[dict]:
    steps = []
    for axis in participant.assessment.referential.parsed.axes:
        done = sum(1 for q in axis.questions if q.id in answers)
        steps.append({"axis": axis, "done": done, "total": len(axis.questions)})
    return steps


@login_required
@require_GET
def take(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Resume where the participant stopped: the first axis with a question left, else the summary."""
    participant = _participation(request, pk)
    answers = selectors.participant_answers(participant)
    steps = _progress(participant, answers)
    if participant.completed_at is None:
        for step in steps:
            if step["done"] < step["total"]:
                return redirect("assessment:axis", pk=pk, slug=step["axis"].slug)
    return render(
        request,
        "assessment/summary.html",
        {
            "assessment": participant.assessment,
            "alliance": _shown_alliance(request, participant.assessment),
            "participant": participant,
            "steps": steps,
            "invite_url": request.build_absolute_uri(
                reverse("assessment:join", kwargs={"pk": pk, "token": participant.assessment.invite_token})
            )
            if participant.assessment.mode == Mode.GROUP
            else "",
        },
    )


def _posted_answers(
    request: AuthenticatedHttpRequest, question_ids: list[str]
) -> tuple[dict[str, int | None], list[str]]:
    answers: dict[str, int | None] = {}
    invalid = []
    for qid in question_ids:
        value = request.POST.get(qid)
        if value is None or value == "":
            continue
        if value == DONT_KNOW:
            answers[qid] = None
        elif value in ("1", "2", "3", "4"):
            answers[qid] = int(value)
        else:
            invalid.append(qid)
    return answers, invalid


@login_required
@require_http_methods(["GET", "POST"])
def axis_page(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    participant = _participation(request, pk)
    data = participant.assessment.referential.parsed
    try:
        axis = data.axis(slug)
    except KeyError as error:
        raise Http404("Axe inconnu") from error
    slugs = [a.slug for a in data.axes]
    position = slugs.index(slug)
    next_slug = slugs[position + 1] if position + 1 < len(slugs) else None
    if request.method == "POST":
        answers, _invalid = _posted_answers(request, [q.id for q in axis.questions])
        services.answers_save(participant=participant, answers=answers)
        if request.POST.get("action") == "previous" and position > 0:
            return redirect("assessment:axis", pk=pk, slug=slugs[position - 1])
        if next_slug:
            return redirect("assessment:axis", pk=pk, slug=next_slug)
        return redirect("assessment:take", pk=pk)
    answers = selectors.participant_answers(participant)
    questions = []
    for question in axis.questions:
        chosen = (
            (DONT_KNOW if answers[question.id] is None else str(answers[question.id])) if question.id in answers else ""
        )
        choices: list[dict[str, Any]] = [
            {"value": str(level.value), "label": level.label, "description": question.levels[level.value]}
            for level in data.levels
        ]
        choices.append(
            {"value": DONT_KNOW, "label": "Je ne sais pas", "description": "Je n'ai pas l'information pour répondre."}
        )
        for choice in choices:
            choice["checked"] = choice["value"] == chosen
        questions.append({"question": question, "choices": choices})
    return render(
        request,
        "assessment/axis.html",
        {
            "assessment": participant.assessment,
            "participant": participant,
            "data": data,
            "axis": axis,
            "questions": questions,
            "steps": _progress(participant, answers),
            "position": position + 1,
            "next_slug": next_slug,
            "previous_slug": slugs[position - 1] if position else None,
            "dont_know": DONT_KNOW,
        },
    )


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """htmx: save the answers of the current axis as soon as one changes; returns the status line."""
    participant = _participation(request, pk)
    data = participant.assessment.referential.parsed
    answers, invalid = _posted_answers(request, list(data.questions))
    services.answers_save(participant=participant, answers=answers)
    saved = selectors.participant_answers(participant)
    response = render(
        request,
        "assessment/partials/save_status.html",
        {
            "saved_at": timezone.localtime(),
            "answered": len(saved),
            "total": len(data.questions),
            "invalid": invalid,
        },
    )
    return response


@login_required
@require_POST
def complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = _participation(request, pk)
    try:
        services.participant_complete(participant=participant)
    except services.IncompleteAnswers as error:
        messages.error(request, f"{error} Répondez-y (ou choisissez « je ne sais pas ») avant de terminer.")
        first_axis = error.missing[0].split(".")[0]
        return redirect("assessment:axis", pk=pk, slug=first_axis)
    messages.success(request, "Merci ! Vos réponses sont enregistrées ; voici les résultats.")
    return redirect("assessment:results", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: AuthenticatedHttpRequest, pk: int, token: str) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("territory", "created_by"), pk=pk)
    if request.method == "POST":
        try:
            services.assessment_join(assessment=assessment, token=token, by=request.user)
        except services.InvalidInvitation as error:
            messages.error(request, str(error))
            return redirect("assessment:home")
        return redirect("assessment:take", pk=pk)
    if assessment.mode != Mode.GROUP or token != assessment.invite_token:
        raise Http404("Invitation introuvable")
    return render(request, "assessment/join.html", {"assessment": assessment, "token": token})


@login_required
@require_POST
def visibility(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = _participation(request, pk)
    try:
        services.assessment_set_visibility(
            assessment=participant.assessment, is_public=request.POST.get("is_public") == "1", by=request.user
        )
    except services.AssessmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Visibilité des résultats mise à jour.")
    return redirect("assessment:results", pk=pk)


def _results_context(request: HttpRequest, pk: int) -> dict:
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "territory", "territory__region", "territory__departement", "referential", "alliance"
        ),
        pk=pk,
    )
    perms.require_results(request.user, assessment)
    participant = selectors.participant_of(assessment, request.user)
    results = selectors.assessment_results(assessment)
    previous = selectors.previous_assessments(assessment, request.user)
    comparison = selectors.comparison_with(assessment, previous[0]) if previous else None
    benchmark = selectors.peer_benchmark(assessment)
    chart, rows = chart_and_table(results, benchmark=benchmark, comparison=comparison)
    participants = list(assessment.participants.select_related("user").order_by("joined_at")) if participant else []
    return {
        "assessment": assessment,
        "alliance": _shown_alliance(request, assessment),
        "territory": assessment.territory,
        "participant": participant,
        "results": results,
        "data": results.referential,
        "chart": chart,
        "rows": rows,
        "overall_label": results.referential.level_label(results.overall_level) if results.overall_level else None,
        "weak_points": weak_points(results),
        "recommendations": recommendations_for(results, assessment.territory),
        "comparison": comparison,
        "previous": previous,
        "benchmark": benchmark,
        "participants": participants,
        "is_group": results.participants > 1,
    }


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    context = _results_context(request, pk)
    assessment = context["assessment"]
    if not assessment.is_completed:
        if context["participant"]:
            return redirect("assessment:take", pk=pk)
        raise Http404("Résultats pas encore disponibles")
    return render(request, "assessment/results.html", context)


@require_GET
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    context = _results_context(request, pk)
    assessment = context["assessment"]
    if not assessment.is_completed:
        raise Http404("Résultats pas encore disponibles")
    context["generated_at"] = timezone.localtime()
    context["page_url"] = request.build_absolute_uri(assessment.get_results_url())
    html = render_to_string("assessment/results_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"autodiagnostic-{assessment.territory.code}-{timezone.localdate(assessment.created_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
