"""Filter forms of the resource list and the events calendar (GET, never saved)."""

from django import forms

from alliances.core.forms import OneLineCharField
from alliances.resources.enums import EventKind, ResourceKind, Step
from alliances.resources.models import Theme
from alliances.sdg.goals import GOALS


def _sdg_choices():
    return [("", "Tous les ODD")] + [(str(g.number), f"ODD {g.number} — {g.title}") for g in GOALS]


class ResourceFilterForm(forms.Form):
    q = OneLineCharField(
        label="Mots-clés", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous les types"), *ResourceKind.choices])
    etape = forms.ChoiceField(
        label="Étape de la démarche", required=False, choices=[("", "Toutes les étapes"), *Step.choices]
    )
    theme = forms.ChoiceField(label="Thème ou fragilité", required=False)
    odd = forms.TypedChoiceField(
        label="Objectif de développement durable", required=False, coerce=int, empty_value=None
    )
    depuis = forms.DateField(
        label="Depuis le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Date de la ressource (webinaire, document…).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous les thèmes"), *Theme.objects.values_list("code", "label")]
        self.fields["odd"].choices = _sdg_choices()

    def filters(self) -> dict:
        """Selector keyword arguments from valid input (invalid fields are ignored, and shown)."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {name: value for name, value in getattr(self, "cleaned_data", {}).items()}
        )
        return {
            "query": data.get("q") or "",
            "kind": data.get("type") or "",
            "step": data.get("etape") or "",
            "theme": data.get("theme") or "",
            "sdg": data.get("odd"),
            "since": data.get("depuis"),
        }


class EventFilterForm(forms.Form):
    q = OneLineCharField(
        label="Mots-clés", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous les types"), *EventKind.choices])
    apres = forms.DateField(label="À partir du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    avant = forms.DateField(label="Jusqu'au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "kind": data.get("type") or "",
            "after": data.get("apres"),
            "before": data.get("avant"),
        }
