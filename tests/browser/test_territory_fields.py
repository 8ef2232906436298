"""Every territory field of the site, in Chromium, typed as people type: "Mende", "48000", "Lozère",
"Coeur de Lozère" (without the ligature), a suggestion picked with the keyboard only, the form
submitted, and the stored or filtered territory read back. "48000" is never picked: several
communes share it, and the page must ask which one instead of guessing or ignoring it.

Each form runs on a desktop screen and at 375 px (the suggestions must not widen the page).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from alliances.territories.models import Territory
from tests.conftest import make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
ASK = "ask"  # "48000": a choice must be asked

# What is typed, the suggestion expected first (picked with ArrowDown and Enter), the territory meant.
TYPED = [
    ("Mende", "Mende (48095)", "commune:48095"),
    ("48000", None, ASK),
    ("Lozère", "Lozère (département 48)", "departement:48"),
    ("Coeur de Lozère", "CC Coeur de Lozère (EPCI 244800405)", "epci:244800405"),
]


def territory(ref: str) -> Territory:
    from alliances.territories.refs import parse_territory_ref
    from alliances.territories.selectors import territory_get

    return territory_get(parse_territory_ref(ref))


@dataclass
class Form:
    """One territory field: where it is, how to fill the rest and submit, and how to read the result."""

    name: str
    url: str | Callable[[], str]
    submit: str  # the button's name
    check: Callable  # (page, Territory) -> None: the territory was stored or filtered on
    field: str = "Territoire"  # the combobox's accessible name
    fill: Callable = lambda page: None
    login: str = ""  # an e-mail address to sign in with, or "" for a public page
    setup: Callable = lambda: None
    count: Callable[[], object] = lambda: 0  # what a refused submission must leave unchanged
    kinds: tuple[str, ...] = ("commune", "departement", "epci")
    multiple: bool = False  # several territories, one per line, added through "Ajouter un territoire"


# --- data the forms read ----------------------------------------------------------------------


def _directory_data():
    from tests.actors.factories import OrganisationFactory, commune

    OrganisationFactory(name="Les Sentiers du Mont Lozère", commune=commune("48095"))
    OrganisationFactory(name="Foyer rural de Florac", commune=commune("48061"))
    OrganisationFactory(name="Cercle rennais des sentiers", commune=commune("35238"))


DIRECTORY = {
    "commune:48095": {"Les Sentiers du Mont Lozère"},
    "epci:244800405": {"Les Sentiers du Mont Lozère"},
    "departement:48": {"Les Sentiers du Mont Lozère", "Foyer rural de Florac"},
}


def _directory_check(page, place: Territory):
    # The list before submitting has a #resultats too: wait until the filtered page is the one shown.
    page.wait_for_url(re.compile(r"[?&]territoire="))
    page.locator("#resultats").wait_for()
    links = page.locator("main").get_by_role("link", name=re.compile("Sentiers|Foyer|Cercle"))
    expect(links).to_have_count(len(DIRECTORY[place.ref]))
    shown = set(links.all_inner_texts())
    assert shown == DIRECTORY[place.ref], (place.ref, shown)


def _need_check(page, place: Territory):
    page.get_by_role("heading", name=re.compile("organisation|Aucune organisation")).first.wait_for()
    assert page.title().startswith(f"Décrivez votre besoin : {place.name}")


def _finder_check(page, place: Territory):
    heading = page.locator("#resultats").inner_text()
    assert heading.endswith(f"près {place.of_name}"), heading


def _alliances_check(page, place: Territory):
    status = page.locator("main [role=status]").filter(has_text="alliance").inner_text()
    assert status.endswith(f"pour {place}."), status


def _catalyst():
    from tests.catalysts.factories import CatalystProfileFactory, CatalystUserFactory

    user = CatalystUserFactory(email="agnes@catalyse.example")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return CatalystProfileFactory(user=user, name="Agnès Vidalenc", territories=[("departement", "48")])


def _last(model_path: str):
    from django.apps import apps

    return apps.get_model(model_path).objects.order_by("-pk").first()


def _contact_url() -> str:
    from alliances.catalysts.models import CatalystProfile

    return f"/catalyseurs/{CatalystProfile.objects.get(name='Agnès Vidalenc').pk}/contacter/"


def _contact_fill(page):
    page.locator("main").get_by_label("Objet").fill("Un garage solidaire")
    page.locator("main").get_by_label("Message").fill(
        "Nous voulons lancer un garage solidaire : pouvez-vous nous aider ?"
    )
    page.locator("main").get_by_role("checkbox").check()


def _contact_check(page, place: Territory):
    page.wait_for_url("**/catalyseurs/mon-espace/")
    assert _last("catalysts.ContactRequest").territory == place


def _alliance_fill(page):
    main = page.locator("main")
    main.get_by_label("Titre").fill("Premier emploi des jeunes")
    main.get_by_label("Problème local traité").fill("Les jeunes partent faute de premier emploi.")
    main.get_by_label(re.compile(r"^Organisation porteuse")).fill("Mairie de Mende")
    main.get_by_label("Type (organisation porteuse), si elle n'est pas dans l'annuaire").select_option("collectivite")


def _alliance_check(page, place: Territory):
    page.wait_for_url(re.compile(r"/alliances/\d+/$"))
    assert _last("partnerships.Alliance").territory == place


def _assessment_check(page, place: Territory):
    page.wait_for_url(re.compile(r"/autodiagnostic/\d+/"))
    assert _last("assessment.Assessment").territory == place


def _practice_fill(page):
    page.get_by_label("Titre de la pratique").fill("Navette des aînés")
    page.get_by_label("Résumé").fill(
        "Une commune, une association et un garage solidaire conduisent les aînés au marché."
    )


def _practice_check(page, place: Territory):
    page.wait_for_url(re.compile(r"/pratiques/\d+/modifier/2/"))
    assert list(_last("practices.Practice").territories.all()) == [place]


def _profile_setup():
    _catalyst()


def _profile_fill(page):
    page.get_by_label("Territoires d'intervention").fill("")


def _profile_check(page, place: Territory):
    page.wait_for_url("**/catalyseurs/mon-espace/")
    from alliances.catalysts.models import CatalystProfile

    assert list(CatalystProfile.objects.get(name="Agnès Vidalenc").territories.all()) == [place]


def _count(model_path: str) -> Callable[[], int]:
    from django.apps import apps

    return lambda: apps.get_model(model_path).objects.count()


FORMS = [
    Form("annuaire", "/acteurs/", "Filtrer", _directory_check, setup=_directory_data),
    Form(
        "besoin",
        "/acteurs/besoin/",
        "Chercher",
        _need_check,
        fill=lambda page: page.get_by_label("Décrivez votre besoin").fill("rompre la solitude des aînés"),
        setup=_directory_data,
    ),
    Form("catalyseurs", "/catalyseurs/", "Chercher", _finder_check, setup=_catalyst),
    Form("liste-des-alliances", "/alliances/", "Filtrer", _alliances_check),
    Form(
        "nouvelle-alliance",
        "/alliances/nouvelle/",
        "Créer l'alliance",
        _alliance_check,
        fill=_alliance_fill,
        login="maire@mende.example",
        count=_count("partnerships.Alliance"),
    ),
    Form(
        "contact-catalyseur",
        _contact_url,
        "Envoyer la demande",
        _contact_check,
        field="Territoire concerné",
        fill=_contact_fill,
        login="maire@mende.example",
        setup=_catalyst,
        count=_count("catalysts.ContactRequest"),
    ),
    Form(
        "autodiagnostic",
        "/autodiagnostic/commencer/",
        "Commencer",
        _assessment_check,
        field="Territoire évalué",
        login="maire@mende.example",
        count=_count("assessment.Assessment"),
        kinds=("commune", "epci"),
    ),
    Form(
        "contribution-pratique",
        "/pratiques/contribuer/",
        "Enregistrer et continuer",
        _practice_check,
        field="Ajouter un territoire",
        fill=_practice_fill,
        login="maire@mende.example",
        count=_count("practices.Practice"),
        multiple=True,
    ),
    Form(
        "profil-catalyseur",
        "/catalyseurs/mon-profil/",
        "Enregistrer",
        _profile_check,
        field="Ajouter un territoire",
        fill=_profile_fill,
        login="agnes@catalyse.example",
        setup=_profile_setup,
        count=lambda: list(_last("catalysts.CatalystProfile").territories.values_list("pk", flat=True)),
        multiple=True,
    ),
]


def _sign_in(page, live_server, email: str) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email=email).first() or make_user(email, first_name="Claire")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def _type_and_pick(page, box, typed: str, label: str | None) -> None:
    """Type like a person; pick the first suggestion with the keyboard, or close the list and pick nothing."""
    box.fill("")
    box.press_sequentially(typed, delay=25)
    # The suggestions of what was typed last (those of "Coe" may still be shown on a slow machine).
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}[data-query='{typed}']")
    options = listbox.get_by_role("option")
    options.filter(has_text=label or "Mende (48095)").first.wait_for()
    first = options.first
    assert box.get_attribute("aria-expanded") == "true"
    # Opened suggestions never widen the page (at 375 px they fit the screen).
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    if label is None:
        box.press("Escape")
        assert box.get_attribute("aria-expanded") == "false"
        return
    # The exact name is suggested first ("Mende" before Amendeuix, the département before its communes).
    assert first.inner_text().startswith(label), first.inner_text()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["ordinateur", "375px"])
@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_every_territory_field_understands_what_people_type(page, live_server, reference_data, form, screen):
    form.setup()
    if form.login:
        _sign_in(page, live_server, form.login)
    page.set_viewport_size(screen)
    for typed, label, meant in TYPED:
        if meant != ASK and meant.split(":")[0] not in form.kinds:
            continue
        page.goto(form.url() if callable(form.url) else form.url)
        form.fill(page)
        box = page.locator("main").get_by_role("combobox", name=re.compile("^" + re.escape(form.field))).first
        _type_and_pick(page, box, typed, label)
        if form.multiple:
            if label is None:
                box.press("Enter")  # what was typed becomes a line, resolved (or asked) by the server
            lines = page.locator("textarea[data-territory-list]").input_value().splitlines()
            assert lines == [label or typed], lines
            assert box.input_value() == ""
        else:
            assert box.input_value() == (label or typed)
        before = form.count()
        page.get_by_role("button", name=form.submit, exact=True).click()
        page.wait_for_load_state()
        if meant == ASK:
            # Asked back with the candidates (links, choices or a message), never guessed nor ignored.
            main = page.locator("main")
            question = main.get_by_text(re.compile("Vouliez-vous dire|Plusieurs territoires correspondent")).first
            try:
                question.wait_for()
            except PlaywrightTimeout:
                pytest.fail(
                    f"{form.name} : rien ne demande quel territoire pour « 48000 » :\n{main.inner_text()[:1500]}"
                )
            assert "Mende" in main.inner_text()
            assert form.count() == before
        else:
            form.check(page, territory(meant))
