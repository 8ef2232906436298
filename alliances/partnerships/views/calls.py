"""The public list of calls for partners (/appels/), its Atom feed and its iCal feed of deadlines.

A call is an alliance's `call_open` + `call_text` (+ `call_deadline`); answering it is the alliance's
join form with `?appel=1` (views.members.join): the list only links to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.views.decorators.http import require_GET

from alliances.core.http import HtmxHttpRequest
from alliances.core.ical import calendar_new
from alliances.partnerships import selectors
from alliances.partnerships.forms import CallFilterForm
from alliances.partnerships.models import Alliance
from alliances.territories.forms import with_readable_territory
from alliances.territories.selectors import territory_label

PAGE_SIZE = 20
# The feeds list the calls a reader can still answer: a few hundred at national scale. The Atom
# feed keeps the latest updated (what a reader has not seen yet), the calendar the soonest deadlines.
FEED_LIMIT = 50
CALENDAR_LIMIT = 500


def _filter_form(request: HttpRequest) -> CallFilterForm:
    return CallFilterForm(with_readable_territory(request.GET) or None)


def _filters_query(request: HttpRequest) -> str:
    """The query string of the filters (without the page), for the feeds' and the pages' links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def calls_list(request: HtmxHttpRequest) -> HttpResponse:
    """Open calls of public alliances, filtered by territory, theme, SDG and deadline."""
    form = _filter_form(request)
    querystring = _filters_query(request)
    context: dict = {"form": form, "querystring": querystring, "page": None, "choices": [], "question": None}
    question = form.territory_question()
    if question is not None:
        # A territory that does not resolve is asked back, never silently dropped from the filters.
        for territory in question.candidates:
            choice = request.GET.copy()
            choice.pop("page", None)
            choice["territoire"] = territory_label(territory)
            context["choices"].append((territory_label(territory), choice.urlencode()))
        context["question"] = question
    elif not form.is_bound or form.is_valid():
        filters = form.to_filters()
        context["filters"] = filters
        context["page"] = Paginator(selectors.open_calls(filters), PAGE_SIZE).get_page(request.GET.get("page"))
        context["feed_query"] = querystring
    template = "partnerships/calls/partials/results.html" if request.htmx else "partnerships/calls/list.html"
    return render(request, template, context)


def _answer_url(alliance: Alliance) -> str:
    return f"{reverse('partnerships:join', kwargs={'pk': alliance.pk})}?appel=1"


def _deadline_sentence(alliance: Alliance) -> str:
    if alliance.call_deadline is None:
        return "Sans date limite."
    return f"Réponse attendue au plus tard le {date_format(alliance.call_deadline, 'j F Y')}."


class InvalidFilters(Exception):
    """Filters a feed cannot apply (an unknown territory, a wrong date): a 400, never an unfiltered feed."""


@dataclass(frozen=True)
class FeedFilters:
    filters: selectors.CallFilters
    query: str  # the filters as a query string, for the feed's links


class CallsFeed(Feed):
    """Atom (RFC 4287) feed of the open calls, filtered like the list (`?territoire=…&theme=…`).

    The instance serves every request: what a request asks for travels in `get_object`'s result.
    """

    feed_type = Atom1Feed
    subtitle = "Les appels à partenaires ouverts des alliances publiques, les plus récemment mis à jour d'abord."

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilters as error:
            return HttpResponse(f"Filtres invalides : {error}", status=400, content_type="text/plain; charset=utf-8")

    def get_object(self, request, *args, **kwargs) -> FeedFilters:
        form = _filter_form(request)
        if form.is_bound and not form.is_valid():
            raise InvalidFilters("; ".join(" ".join(str(e) for e in errors) for errors in form.errors.values()))
        return FeedFilters(filters=form.to_filters(), query=_filters_query(request))

    def title(self, obj: FeedFilters) -> str:
        return f"Appels à partenaires — {settings.ALLIANCES_OPERATOR['name']}"

    def link(self, obj: FeedFilters) -> str:
        return f"{reverse('calls:list')}{'?' + obj.query if obj.query else ''}"

    def feed_url(self, obj: FeedFilters) -> str:
        return f"{reverse('calls:feed')}{'?' + obj.query if obj.query else ''}"

    def author_name(self) -> str:
        return settings.ALLIANCES_OPERATOR["name"]

    def items(self, obj: FeedFilters) -> list[Alliance]:
        return list(selectors.open_calls(obj.filters).order_by("-updated_at", "-pk")[:FEED_LIMIT])

    def item_title(self, item: Alliance) -> str:
        demo = " (exemple fictif — démonstration)" if item.is_demo else ""
        return f"Appel à partenaires : {item.title}{demo}"

    def item_description(self, item: Alliance) -> str:
        # Atom's summary is HTML here (Django writes type="html"): the pilot's plain text is escaped.
        text = f"{item.call_text}\n\n{item.territory.name} — {_deadline_sentence(item)}"
        return escape(text).replace("\n", "<br>")

    # The entry's link is the alliance's page, and its id too (Django's default): one IRI per call.
    def item_link(self, item: Alliance) -> str:
        return item.get_absolute_url()

    def item_updateddate(self, item: Alliance) -> datetime:
        return item.updated_at

    def item_categories(self, item: Alliance) -> list[str]:
        return item.fragility_labels()


calls_feed = CallsFeed()


def _deadline_event(alliance: Alliance, *, site_url: str, stamp: datetime) -> icalendar.Event:
    """An all-day event on the deadline: what a calendar shows as « Date limite : … »."""
    assert alliance.call_deadline is not None
    event = icalendar.Event()
    event.add("uid", f"appel-{alliance.pk}-{alliance.call_deadline.isoformat()}@alliances-en-territoire")
    event.add("dtstamp", stamp)
    event.add("dtstart", alliance.call_deadline)
    event.add("dtend", alliance.call_deadline + timedelta(days=1))
    event.add("summary", f"Date limite de l'appel à partenaires : {alliance.title}")
    url = f"{site_url}{alliance.get_absolute_url()}"
    demo = "Exemple fictif — démonstration.\n\n" if alliance.is_demo else ""
    event.add("description", f"{demo}{alliance.call_text}\n\nRépondre : {site_url}{_answer_url(alliance)}")
    event.add("location", alliance.territory.name)
    event.add("url", url)
    event.add("last-modified", alliance.updated_at)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


@require_GET
def calls_calendar(request: HttpRequest) -> HttpResponse:
    """The deadlines of the open calls (those that have one), filtered like the list, as an .ics feed."""
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse("Filtres invalides.", status=400, content_type="text/plain; charset=utf-8")
    site_url = request.build_absolute_uri("/").rstrip("/")
    calendar = calendar_new(product="Appels", name=f"Appels à partenaires — {settings.ALLIANCES_OPERATOR['name']}")
    stamp = timezone.now().replace(microsecond=0)  # DTSTAMP is in UTC (RFC 5545 § 3.8.7.2)
    calls = selectors.open_calls(form.to_filters()).filter(call_deadline__isnull=False)[:CALENDAR_LIMIT]
    for alliance in calls:
        calendar.add_component(_deadline_event(alliance, site_url=site_url, stamp=stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="appels-echeances.ics"'
    return response
