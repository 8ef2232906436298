"""The one territory field of every form: a name, a postal code or a code, with suggestions."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

from alliances.core.forms import validate_one_line
from alliances.territories.models import Territory
from alliances.territories.selectors import TerritoryResolution, territory_label, territory_resolve

TERRITORY_HELP = "Nom d'une commune, d'une intercommunalité, d'un département ou d'une région, ou un code postal."


class TerritoryInput(forms.TextInput):
    """A text box that territory-autocomplete.js turns into an accessible combobox (ARIA 1.2)."""

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "data-territory-autocomplete": reverse_lazy("territories:autocomplete"),
            "placeholder": "Mende, 48000, Cœur de Lozère…",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Territory):
            return territory_label(value)
        return super().format_value(value)


class TerritoryListInput(forms.Textarea):
    """Several territories, one per line; territory-autocomplete.js adds an "Ajouter un territoire"
    combobox under it that writes each pick as a line in everyday words ("Mende (48095)")."""

    def __init__(self, attrs=None):
        defaults = {"rows": 3, "spellcheck": "false", "data-territory-list": reverse_lazy("territories:autocomplete")}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, list | tuple) and all(isinstance(t, Territory) for t in value):
            return "\n".join(territory_label(t) for t in value)
        return super().format_value(value)


class TerritoryField(forms.CharField):
    """Clean what a person typed into one Territory; ask "Vouliez-vous dire…" when several fit.

    `kinds` restricts the levels (for example communes and EPCI only). The candidates of the last
    ambiguous value are kept on `last_resolution` for a page that shows them as links.
    """

    widget = TerritoryInput
    default_validators = [validate_one_line]

    def __init__(self, *, kinds: list[str] | None = None, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", TERRITORY_HELP)
        kwargs.setdefault("label", "Territoire")
        self.kinds = kinds
        self.last_resolution: TerritoryResolution | None = None
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return territory_label(value) if isinstance(value, Territory) else value

    def clean(self, value):
        if isinstance(value, Territory):
            return value
        text = super().clean(value)  # required, max_length, stripping: on the text
        if not text:
            return None
        resolution = territory_resolve(text, kinds=self.kinds)
        self.last_resolution = resolution
        if resolution.territory is None:
            raise forms.ValidationError(resolution.message, code="ambiguous" if resolution.candidates else "unknown")
        return resolution.territory


def resolve_territory_lines(text: str, *, limit: int = 20) -> list[Territory]:
    """Several territories written one per line (names, postal codes or codes); every line must resolve."""
    territories, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        resolution = territory_resolve(line)
        if resolution.territory is None:
            errors.append(f"Ligne {number} : {resolution.message}")
        else:
            territories.append(resolution.territory)
    if errors:
        raise forms.ValidationError(errors)
    unique = list({t.pk: t for t in territories}.values())
    if len(unique) > limit:
        raise forms.ValidationError("Vingt territoires au plus." if limit == 20 else f"{limit} territoires au plus.")
    return unique


def with_readable_territory(data, name: str = "territoire"):
    """A copy of GET data whose `commune:48095` (the URL notation of links) reads "Mende (48095)" in the field."""
    value = data.get(name, "") if data else ""
    if not value or ":" not in value:
        return data
    resolution = territory_resolve(value)
    if resolution.territory is None:
        return data
    data = data.copy()
    data[name] = territory_label(resolution.territory)
    return data
