"""Demonstration content of the resource centre: 3 kits, 6 resources, 5 events (4 upcoming).

Dates are relative to today so that the events stay upcoming. The files (a PDF memo and
spreadsheet templates) are generated here, so the demo needs nothing outside the repository.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from alliances.resources import search
from alliances.resources.demo_content import EVENTS, KITS, RESOURCES
from alliances.resources.enums import PublicationStatus, ResourceKind, ToolKind
from alliances.resources.ical import PARIS
from alliances.resources.models import Event, KitStep, KitTool, Resource, ResourceLink
from alliances.resources.pdf import quiet_weasyprint
from alliances.resources.reference import ensure_reference_data

TOOL_KINDS = {"checklist": ToolKind.CHECKLIST, "questions": ToolKind.QUESTIONS, "template": ToolKind.TEMPLATE}


def _spreadsheet(kind: str) -> ContentFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if kind == "cartographie":
        sheet.title = "Acteurs"
        sheet.append(
            [
                "Acteur",
                "Type (collectivité, association, entreprise…)",
                "Ce qu'il apporte",
                "Ce qu'il attend",
                "Qui le connaît ?",
                "Premier contact le",
            ]
        )
    else:
        sheet.title = "Actions"
        sheet.append(
            [
                "Action",
                "Responsable",
                "Partenaires",
                "Échéance",
                "Indicateur",
                "Valeur cible",
                "Valeur atteinte",
                "État",
            ]
        )
        workbook.create_sheet("Réunions").append(["Date", "Participants", "Décisions", "Prochaine étape"])
    sheet.append(["Exemple fictif — démonstration : remplacez cette ligne."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return ContentFile(buffer.getvalue())


def _memo_pdf() -> ContentFile:
    from weasyprint import HTML

    quiet_weasyprint()

    questions = [
        "Quel est l'objet précis du partenariat, en une phrase ?",
        "Quelle est sa durée, et comment le renouvelle-t-on ?",
        "Qu'apporte chaque partenaire : argent, temps, compétences, lieux ?",
        "Qui décide, et comment ?",
        "Qui parle au nom du partenariat ?",
        "Quels indicateurs suivra-t-on, et qui les renseigne ?",
        "Comment partage-t-on les résultats et les réussites ?",
        "Que se passe-t-il si un partenaire se retire ?",
        "Comment accueille-t-on un nouveau partenaire ?",
        "Quand fait-on le premier bilan ?",
    ]
    items = "".join(f"<li>{q}</li>" for q in questions)
    html = (
        "<html lang='fr'><body style='font-family: sans-serif'>"
        "<h1>Dix questions avant de signer une convention de partenariat</h1>"
        "<p><strong>Exemple fictif — démonstration.</strong> Document produit pour présenter la plateforme "
        "Alliances en territoire.</p>"
        f"<ol>{items}</ol></body></html>"
    )
    return ContentFile(HTML(string=html).write_pdf())


def _file(name: str) -> tuple[str, ContentFile]:
    if name == "memo":
        return "memo-convention.pdf", _memo_pdf()
    return f"{name}.xlsx", _spreadsheet(name)


def _tag(resource: Resource, data: dict) -> None:
    resource.steps.set(data.get("steps", []))
    resource.themes.set(data.get("themes", []))
    resource.axes.set(data.get("axes", []))
    resource.sdgs.set(data.get("sdgs", []))


def _load_kit(data: dict) -> bool:
    if Resource.objects.filter(slug=data["slug"]).exists():
        return False
    kit = Resource.objects.create(
        kind=ResourceKind.KIT,
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        examples=data["examples"],
        status=PublicationStatus.PUBLISHED,
        is_demo=True,
    )
    _tag(kit, data)
    for position, link in enumerate(data["links"]):
        ResourceLink.objects.create(resource=kit, position=position, title=link[0], url=link[1])
    for position, step_data in enumerate(data["kit_steps"], start=1):
        step = KitStep.objects.create(
            kit=kit,
            position=position,
            title=step_data["title"],
            body=step_data["body"],
            method_step_id=step_data["step"],
        )
        for tool_position, tool_data in enumerate(step_data["tools"], start=1):
            tool = KitTool(
                kit_step=step,
                position=tool_position,
                kind=TOOL_KINDS[tool_data["kind"]],
                title=tool_data["title"],
                body=tool_data["body"],
            )
            if tool_data.get("file"):
                tool.file.save(*_file(tool_data["file"]), save=False)
            tool.save()
    return True


def _load_resource(data: dict) -> bool:
    if Resource.objects.filter(slug=data["slug"]).exists():
        return False
    resource = Resource(
        kind=data["kind"],
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        body=data.get("body", ""),
        transcript=data.get("transcript", ""),
        speakers=data.get("speakers", ""),
        duration_minutes=data.get("duration"),
        url=data.get("url", ""),
        publisher=data.get("publisher", ""),
        resource_date=timezone.localdate() - timedelta(days=data["days_ago"]),
        status=PublicationStatus.PUBLISHED,
        is_demo=True,
    )
    if data.get("file"):
        resource.document.save(*_file(data["file"]), save=False)
    resource.save()
    _tag(resource, data)
    resource.related_kits.set(Resource.objects.filter(slug__in=data.get("related", [])))
    return True


def _at(day_offset: int, clock: str) -> datetime:
    """A Paris wall-clock time `day_offset` days from today (stored in UTC by Django)."""
    hours, minutes = (int(part) for part in clock.split(":"))
    day = timezone.localdate() + timedelta(days=day_offset)
    return datetime.combine(day, time(hours, minutes), tzinfo=PARIS)


def _load_event(data: dict) -> bool:
    if Event.objects.filter(slug=data["slug"]).exists():
        return False
    event = Event.objects.create(
        kind=data["kind"],
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        body=data.get("body", ""),
        starts_at=_at(data["days"], data["start"]),
        ends_at=_at(data["days"], data["end"]),
        place=data.get("place", ""),
        online_url=data.get("online_url", ""),
        organiser=data["organiser"],
        audience=data["audience"],
        registration_mode=data["registration"],
        capacity=data.get("capacity"),
        registration_url=data.get("registration_url", ""),
        replay_url=data.get("replay_url", ""),
        status=PublicationStatus.PUBLISHED,
        is_demo=True,
    )
    event.themes.set(data.get("themes", []))
    event.sdgs.set(data.get("sdgs", []))
    return True


def load_demo() -> int:
    """Create the demo kits, resources and events that do not exist yet; return how many."""
    ensure_reference_data()
    created = sum(_load_kit(kit) for kit in KITS)
    created += sum(_load_resource(resource) for resource in RESOURCES)
    created += sum(_load_event(event) for event in EVENTS)
    if created:
        for resource in Resource.objects.filter(is_demo=True):
            search.index_resource(resource)
        for event in Event.objects.filter(is_demo=True):
            search.index_event(event)
    return created


def remove_demo() -> int:
    """Delete the demo items and their files; return how many items were removed."""
    removed = 0
    for tool in KitTool.objects.filter(kit_step__kit__is_demo=True).exclude(file=""):
        tool.file.delete(save=False)
    for resource in Resource.objects.filter(is_demo=True):
        if resource.document:
            resource.document.delete(save=False)
        search.unindex(search.RESOURCE_KIND, resource.pk)
        resource.delete()
        removed += 1
    for event in Event.objects.filter(is_demo=True):
        search.unindex(search.EVENT_KIND, event.pk)
        event.delete()
        removed += 1
    return removed
