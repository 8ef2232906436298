"""Forms of the partnerships app; each editable form carries the version it was read at."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from alliances.core.text import normalize
from alliances.partnerships.enums import MemberRole, Step
from alliances.partnerships.models import (
    ActionItem,
    ActorTarget,
    Alliance,
    ChecklistItem,
    Commitment,
    DiagnosticItem,
    Indicator,
    JournalEntry,
    Measurement,
    Meeting,
)
from alliances.sdg.models import Sdg
from alliances.territories.models import Territory
from alliances.territories.refs import InvalidTerritoryRef, parse_territory_ref
from alliances.territories.selectors import territories_search, territory_get


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VersionedForm(forms.ModelForm):
    """Carries the version of the row the user started from (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def model_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def resolve_territory(value: str) -> Territory:
    """Read a territory typed as `commune:48095`, a bare INSEE code, or an exact name."""
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError("Indiquez le territoire de l'alliance.")
    try:
        return territory_get(parse_territory_ref(value))
    except InvalidTerritoryRef:
        pass
    except Territory.DoesNotExist as error:
        raise forms.ValidationError(f"Aucun territoire ne porte le code « {value} ».") from error
    matches = territories_search(value, limit=6)
    exact = [t for t in matches if normalize(t.name) == normalize(value)]
    if len(exact) == 1:
        return exact[0]
    if exact or matches:
        options = "; ".join(f"{t} → {t.ref}" for t in (exact or matches)[:5])
        raise forms.ValidationError(f"Plusieurs territoires correspondent ; précisez le code. Suggestions : {options}.")
    raise forms.ValidationError(f"Aucun territoire trouvé pour « {value} » : saisissez le nom exact ou le code INSEE.")


class AllianceForm(VersionedForm):
    territory_ref = forms.CharField(
        label="Territoire", max_length=100,
        help_text="Nom exact ou code INSEE de la commune (48095), ou epci:244800405, departement:48, region:76.",
    )
    sdgs = forms.ModelMultipleChoiceField(
        Sdg.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label="Objectifs de développement durable"
    )

    class Meta:
        model = Alliance
        fields = ["title", "problem", "territory_ref", "lead_organisation_name", "themes", "sdgs", "sdg_targets",
                  "form", "step", "start_date", "end_date", "visibility"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "problem": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.territory_id and not self.is_bound:
            self.initial["territory_ref"] = self.instance.territory.ref
        self.fields["visibility"].help_text = (
            "Une alliance privée n'est visible que de ses membres. Publique, elle apparaît sur la page du territoire."
        )

    def clean_territory_ref(self):
        territory = resolve_territory(self.cleaned_data["territory_ref"])
        self.cleaned_data["territory"] = territory
        return territory.ref

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "La date de fin doit suivre la date de début.")
        return data

    def model_data(self) -> dict:
        data = super().model_data()
        data.pop("territory_ref", None)
        return data


class AllianceCreateForm(AllianceForm):
    my_organisation = forms.CharField(
        label="Votre organisation", max_length=200,
        help_text="L'organisation que vous représentez dans l'alliance (commune, association, entreprise…).",
    )

    field_order = ["title", "problem", "territory_ref", "lead_organisation_name", "my_organisation"]

    def model_data(self) -> dict:
        data = super().model_data()
        data.pop("my_organisation", None)
        return data


class CoConstructionForm(VersionedForm):
    class Meta:
        model = Alliance
        fields = ["objectives", "governance"]


class CallForm(VersionedForm):
    class Meta:
        model = Alliance
        fields = ["call_open", "call_text", "call_deadline"]
        widgets = {"call_deadline": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("call_open") and not data.get("call_text", "").strip():
            self.add_error("call_text", "Rédigez le texte de l'appel avant de l'ouvrir.")
        return data


class EvaluationForm(VersionedForm):
    class Meta:
        model = Alliance
        fields = ["evaluation"]


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=Step.choices, label="Étape en cours")


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    organisation_name = forms.CharField(label="Organisation qu'elle représente", max_length=200)
    role = forms.ChoiceField(choices=MemberRole.choices, initial=MemberRole.PARTNER, label="Rôle")
    message = forms.CharField(label="Message personnel", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class JoinRequestForm(forms.Form):
    organisation_name = forms.CharField(label="Organisation que vous représentez", max_length=200)
    message = forms.CharField(label="Votre message aux pilotes", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=MemberRole.choices, label="Rôle")


class OrganisationChoiceMixin:
    """The organisation an item belongs to: a partner may only pick its own."""

    def set_organisations(self, organisations: list[str], *, fixed: str | None):
        field = self.fields["organisation_name"]
        choices = [fixed] if fixed else organisations
        self.fields["organisation_name"] = forms.ChoiceField(
            label=field.label, choices=[(o, o) for o in choices], required=True,
        )


class ChecklistItemForm(VersionedForm):
    class Meta:
        model = ChecklistItem
        fields = ["label", "done"]


class DiagnosticItemForm(VersionedForm):
    class Meta:
        model = DiagnosticItem
        fields = ["kind", "text", "source"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ActorTargetForm(VersionedForm):
    class Meta:
        model = ActorTarget
        fields = ["name", "why", "status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class CommitmentForm(OrganisationChoiceMixin, VersionedForm):
    class Meta:
        model = Commitment
        fields = ["organisation_name", "kind", "description", "amount_eur", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"organisation_name": "Partenaire qui s'engage"}

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "La fin de l'engagement doit suivre son début.")
        if data.get("amount_eur") is not None and data["amount_eur"] < 0:
            self.add_error("amount_eur", "Le montant valorisé ne peut pas être négatif.")
        return data


class ActionItemForm(VersionedForm):
    class Meta:
        model = ActionItem
        fields = ["title", "description", "owner", "due_date", "status"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = ["title", "date", "place", "participants", "agenda", "minutes", "decisions"]
        widgets = {"date": DateTimeInput(), **{f: forms.Textarea(attrs={"rows": 3}) for f in
                                              ["participants", "agenda", "minutes", "decisions"]}}


class JournalEntryForm(VersionedForm):
    class Meta:
        model = JournalEntry
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(VersionedForm):
    class Meta:
        model = Indicator
        fields = ["name", "dimension", "sdg", "unit", "baseline", "target"]

    def clean(self):
        data = super().clean()
        if data.get("dimension") == "odd" and not data.get("sdg"):
            self.add_error("sdg", "Choisissez l'ODD auquel l'indicateur contribue.")
        return data


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "source"]
        widgets = {"date": DateInput()}
        help_texts = {"source": "D'où vient la valeur : enquête, comptage, registre…"}


@dataclass(frozen=True)
class ItemKind:
    slug: str
    model: type
    form: type
    step: str
    label: str  # "un engagement" — used in titles


ITEM_KINDS: dict[str, ItemKind] = {
    k.slug: k
    for k in [
        ItemKind("checklist", ChecklistItem, ChecklistItemForm, "", "un point de la liste"),
        ItemKind("diagnostic", DiagnosticItem, DiagnosticItemForm, Step.UNDERSTAND, "un élément de diagnostic"),
        ItemKind("acteur", ActorTarget, ActorTargetForm, Step.MOBILISE, "un acteur à mobiliser"),
        ItemKind("engagement", Commitment, CommitmentForm, Step.CO_CONSTRUCT, "un engagement"),
        ItemKind("action", ActionItem, ActionItemForm, Step.ACT, "une action"),
        ItemKind("reunion", Meeting, MeetingForm, Step.ACT, "une réunion"),
        ItemKind("journal", JournalEntry, JournalEntryForm, Step.ACT, "une note au journal"),
        ItemKind("indicateur", Indicator, IndicatorForm, Step.EVALUATE, "un indicateur"),
    ]
}
