"""Business rules of practices: the service for the partnerships app, transitions, attachments, rich text."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alliances.core.richtext import render
from alliances.practices import perms, services
from alliances.practices.enums import Status
from tests.practices.factories import PracticeFactory, UserFactory, commune, moderator

pytestmark = pytest.mark.django_db


def test_create_draft_from_an_alliance():
    member = UserFactory()
    practice = services.practice_create_draft_from(
        title="Alliance pour l'emploi des jeunes",
        summary="Résumé de l'alliance.",
        problem="Chômage des jeunes.",
        actions="Parrainages <script>x</script>",
        results="40 jeunes en emploi.",
        territories=[commune()],
        sdgs=[8, 17],
        partners=[{"name": "Entreprise Fictive SA", "role": "financeur"}, services.PartnerInput(name="Mairie")],
        contributor=member,
        source_alliance_id=42,
    )
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT and practice.source_alliance_id == 42
    # Stored as typed (Markdown source), sanitised when rendered.
    assert practice.contributor == member and practice.actions == "Parrainages <script>x</script>"
    assert "<script>" not in render(practice.actions)
    assert sorted(practice.sdgs.values_list("pk", flat=True)) == [8, 17]
    assert [(p.name, p.role) for p in practice.partners.all()] == [
        ("Entreprise Fictive SA", "financeur"),
        ("Mairie", "autre"),
    ]
    assert not practice.tags.exists()  # a draft is never indexed


def test_submit_lists_what_is_missing():
    practice = PracticeFactory(summary="court", fragilities=[])
    with pytest.raises(services.PracticeError, match="au moins un territoire"):
        services.practice_submit(practice=practice, by=practice.contributor)


def test_only_moderators_publish_and_transitions_are_checked():
    practice = PracticeFactory(status=Status.SUBMITTED)
    with pytest.raises(services.NotAllowed):
        services.practice_publish(practice=practice, by=practice.contributor)
    boss = moderator()
    services.practice_publish(practice=practice, by=boss)
    with pytest.raises(services.InvalidTransition):
        services.practice_return(practice=practice, by=boss, comment="Trop tard")


def test_moderator_edit_of_a_published_practice_adds_a_revision_and_reindexes():
    practice = PracticeFactory(status=Status.SUBMITTED, title="Titre initial")
    practice.territories.set([commune()])
    boss = moderator()
    services.practice_publish(practice=practice, by=boss)
    services.practice_save_draft(practice=practice, by=boss, fields={"title": "Titre corrigé"})
    titles = [(r.number, r.snapshot["title"]) for r in practice.revisions.all()]
    assert titles == [(2, "Titre corrigé"), (1, "Titre initial")]
    from alliances.practices.selectors import practices_search

    assert [p.pk for p in practices_search(query="corrigé").practices] == [practice.pk]
    assert not perms.can_edit(practice.contributor, practice)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_attachments_are_checked_by_content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = PracticeFactory()
    by = practice.contributor
    image = services.practice_add_attachment(practice=practice, by=by, file=SimpleUploadedFile("photo.pdf", _png()))
    assert image.content_type == "image/png" and image.file.name.endswith(".png")
    pdf = services.practice_add_attachment(
        practice=practice, by=by, file=SimpleUploadedFile("bilan.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n")
    )
    assert pdf.content_type == "application/pdf"
    with pytest.raises(services.PracticeError, match="Format refusé"):
        services.practice_add_attachment(
            practice=practice, by=by, file=SimpleUploadedFile("x.png", b"<html>pas une image")
        )
    with pytest.raises(services.PracticeError, match="trop lourd"):
        services.practice_add_attachment(
            practice=practice, by=by, file=SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
        )


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<a href='javascript:alert(1)'>x</a>",
        "<p onclick='alert(1)'>x</p>",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_rich_text_has_no_script_nor_handler(dirty):
    html = str(render("Texte " + dirty))
    assert "script" not in html and "onclick" not in html and "onerror" not in html and "javascript" not in html
