"""Forms of the partnerships app; each editable form carries the version it was read at."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django import forms
from django.forms.widgets import Script
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from alliances.core.fields import MESSAGE_MAX_LENGTH
from alliances.core.forms import FrenchNumbersModelForm, OneLineCharField, one_line_formfield
from alliances.core.text import normalize
from alliances.partnerships import valuation
from alliances.partnerships.enums import CommitmentKind, Fragility, MemberRole, Step
from alliances.partnerships.models import (
    ActionItem,
    ActorTarget,
    Alliance,
    ChecklistItem,
    Commitment,
    DiagnosticItem,
    Indicator,
    ItemBase,
    JournalEntry,
    Measurement,
    Meeting,
)
from alliances.partnerships.selectors import CallFilters
from alliances.partnerships.services import NewOrganisation
from alliances.sdg.models import Sdg
from alliances.territories.forms import TERRITORY_HELP, TerritoryField, TerritoryInput
from alliances.territories.models import Territory
from alliances.territories.selectors import TerritoryResolution, territory_label, territory_resolve

# The mixins below are mixed into forms: type them as forms, and keep them plain classes at runtime.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VersionedForm(FrenchNumbersModelForm):
    """Carries the version of the row the user started from (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def model_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def resolve_territory(value: str) -> Territory:
    """Read a territory as a person types it (name, postal code, code): the territories app's one resolver."""
    if not (value or "").strip():
        raise forms.ValidationError("Indiquez le territoire de l'alliance.")
    resolution = territory_resolve(value)
    if resolution.territory is None:
        raise forms.ValidationError(resolution.message)
    return resolution.territory


# --- the organisation picker ------------------------------------------------------------------

NEW = "nouvelle"


def _organisation_kinds() -> list[tuple[str, str]]:
    from alliances.actors.enums import OrganisationKind

    return [("", "—"), *OrganisationKind.choices]


class OrganisationPickerMixin(_FormBase):
    """Pick an organisation of the directory, or create it when it is not there.

    For each text field named in `pickers` ({text field: cleaned key}), two fields follow it:
    `<name>_choix` (the directory organisations that match what was typed, as radio buttons,
    plus "create it") and `<name>_type` (the kind, needed to create it). Without JavaScript the
    form comes back with the matches to choose from; with htmx the matches appear while typing.
    One exact match (same name, accents and case aside) is taken without asking.
    The cleaned key holds an `actors.Organisation`, a `services.NewOrganisation` or None.
    """

    pickers: dict[str, str] = {}
    picker_territory = None
    # {text field: (organisation linked or None, its name as stored)}: kept while the name is unchanged.
    picker_current: dict = {}

    def setup_pickers(self, *, territory=None):
        self.picker_territory = territory
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name in self.pickers:
                # A CharField: the matches are only known once the typed name is read (see clean_pickers).
                fields[f"{name}_choix"] = OneLineCharField(
                    label=f"{field.label} : choisissez dans l'annuaire", required=False, widget=forms.HiddenInput
                )
                fields[f"{name}_type"] = forms.ChoiceField(
                    label=f"Type ({field.label.lower()}), si elle n'est pas dans l'annuaire",
                    required=False,
                    choices=_organisation_kinds(),
                    help_text="Elle sera alors créée dans l'annuaire des acteurs.",
                )
                url = reverse("partnerships:organisation_picker") + f"?champ={name}"
                if territory is not None:
                    url += f"&territoire={territory.ref}"
                if "territory_ref" in self.fields:
                    field.widget.attrs["hx-include"] = "[name='territory_ref']"
                field.widget.attrs.update(
                    {
                        "autocomplete": "off",
                        "hx-get": url,
                        "hx-trigger": "input changed delay:400ms",
                        "hx-target": f"#{name}-annuaire",
                        "hx-swap": "innerHTML",
                    }
                )
                field.help_text = format_html(
                    '{} <span id="{}-annuaire" class="picker-results" aria-live="polite"></span>',
                    field.help_text or "Tapez le nom : les organisations de l'annuaire qui correspondent s'affichent.",
                    name,
                )
        self.fields = fields

    def _set_choices(self, name: str, candidates: list, typed: str) -> None:
        from alliances.partnerships.integrations import organisation_label

        choices = [(str(o.pk), organisation_label(o)) for o in candidates] + [
            (NEW, f"Aucune de ces organisations : créer « {typed} » dans l'annuaire")
        ]
        self.fields[f"{name}_choix"].widget = forms.RadioSelect(choices=choices)

    def clean_pickers(self, data: dict) -> dict:
        from alliances.actors.models import Organisation
        from alliances.partnerships.integrations import organisation_candidates

        territory = data.get("territory") or self.picker_territory
        for name, key in self.pickers.items():
            typed = (data.get(name) or "").strip()
            choice = self.data.get(self.add_prefix(f"{name}_choix"), "")
            kind = data.get(f"{name}_type") or ""
            data[key] = None
            if not typed and not choice:
                continue
            if choice.isdigit():
                organisation = Organisation.objects.filter(pk=int(choice)).first()
                if organisation is not None:
                    data[key], data[name] = organisation, organisation.name[:200]
                    continue
            if not choice and name in self.picker_current and typed == self.picker_current[name][1]:
                # Unchanged: keep the link as it is (a name written before the directory link stays unlinked).
                data[key] = self.picker_current[name][0]
                continue
            candidates = organisation_candidates(typed, territory=territory)
            if choice == NEW or not candidates:
                if not kind:
                    self._set_choices(name, candidates, typed) if candidates else None
                    self.add_error(
                        f"{name}_type",
                        f"« {typed} » n'est pas dans l'annuaire des acteurs : indiquez son type pour l'y créer.",
                    )
                else:
                    data[key] = NewOrganisation(name=typed, kind=kind)
                continue
            exact = [o for o in candidates if normalize(o.name) == normalize(typed)]
            if len(exact) == 1:
                data[key], data[name] = exact[0], exact[0].name[:200]
                continue
            self._set_choices(name, candidates, typed)
            self.add_error(
                f"{name}_choix",
                "Des organisations de l'annuaire ressemblent à ce nom : choisissez la "
                "vôtre dans la liste, ou créez-la si elle n'y est pas.",
            )
        return data

    def picker_extras(self) -> list[str]:
        return [f"{name}_{suffix}" for name in self.pickers for suffix in ("choix", "type")]


class AllianceForm(OrganisationPickerMixin, VersionedForm):
    territory_ref = OneLineCharField(
        label="Territoire", max_length=200, help_text=TERRITORY_HELP, widget=TerritoryInput
    )
    sdgs = forms.ModelMultipleChoiceField(
        Sdg.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Objectifs de développement durable",
    )
    fragilities = forms.MultipleChoiceField(
        choices=Fragility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Fragilités traitées",
        help_text="Elles servent à suggérer des pratiques inspirantes, des acteurs et des catalyseurs.",
    )
    pickers = {"lead_organisation_name": "lead_organisation"}

    class Meta:
        model = Alliance
        formfield_callback = one_line_formfield
        fields = [
            "title",
            "problem",
            "territory_ref",
            "lead_organisation_name",
            "fragilities",
            "themes",
            "sdgs",
            "sdg_targets",
            "form",
            "step",
            "start_date",
            "end_date",
            "visibility",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "problem": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.territory_id and not self.is_bound:
            self.initial["territory_ref"] = territory_label(self.instance.territory)
        self.fields[
            "visibility"
        ].help_text = (
            "Une alliance privée n'est visible que de ses membres. Publique, elle apparaît sur la page du territoire."
        )
        if self.instance.pk:
            self.picker_current = {
                "lead_organisation_name": (self.instance.lead_organisation, self.instance.lead_organisation_name)
            }
        self.setup_pickers(territory=self.instance.territory if self.instance.territory_id else None)

    def clean_territory_ref(self):
        territory = resolve_territory(self.cleaned_data["territory_ref"])
        self.cleaned_data["territory"] = territory
        return territory.ref

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "La date de fin doit suivre la date de début.")
        return self.clean_pickers(data)

    def model_data(self) -> dict:
        data = super().model_data()
        for name in ["territory_ref", *self.picker_extras()]:
            data.pop(name, None)
        return data


class AllianceCreateForm(AllianceForm):
    my_organisation = OneLineCharField(
        label="Votre organisation",
        max_length=200,
        required=False,
        help_text="L'organisation que vous représentez dans l'alliance, si ce n'est pas l'organisation porteuse.",
    )
    pickers = {"lead_organisation_name": "lead_organisation", "my_organisation": "my_organisation_picked"}

    field_order = ["title", "problem", "territory_ref", "lead_organisation_name", "my_organisation"]

    def clean_my_organisation(self):
        # The same name as the lead organisation means "I represent it": nothing more to pick.
        mine = self.cleaned_data.get("my_organisation", "").strip()
        lead = self.data.get(self.add_prefix("lead_organisation_name"), "")
        return "" if normalize(mine) == normalize(lead) else mine

    def model_data(self) -> dict:
        data = super().model_data()
        data.pop("my_organisation", None)
        data.pop("my_organisation_picked", None)
        return data


class CoConstructionForm(VersionedForm):
    class Meta:
        model = Alliance
        formfield_callback = one_line_formfield
        fields = ["objectives", "governance"]


class CallForm(VersionedForm):
    class Meta:
        model = Alliance
        formfield_callback = one_line_formfield
        fields = ["call_open", "call_text", "call_deadline"]
        widgets = {"call_deadline": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("call_open") and not data.get("call_text", "").strip():
            self.add_error("call_text", "Rédigez le texte de l'appel avant de l'ouvrir.")
        deadline = data.get("call_deadline")
        if data.get("call_open") and deadline is not None and deadline < timezone.localdate():
            self.add_error("call_deadline", "Cette date est passée : choisissez une date à venir (ou aucune).")
        return data


class CallFilterForm(forms.Form):
    """The filters of the public list of calls (/appels/), its feeds and its API's parameters."""

    territoire = TerritoryField(
        required=False,
        help_text="Une commune, une intercommunalité, un département, une région ou un code postal : "
        "les appels de ce territoire, des territoires qu'il contient et de ceux qui le contiennent.",
    )
    theme = forms.ChoiceField(label="Thème", required=False, choices=[("", "Tous"), *Fragility.choices])
    odd = forms.TypedChoiceField(
        label="Objectif de développement durable (ODD)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tous")] + [(str(n), f"ODD {n}") for n in range(1, 18)],
    )
    avant = forms.DateField(
        label="Se termine au plus tard le",
        required=False,
        widget=DateInput(),
        help_text="Seuls les appels qui ont une date limite, jusqu'à ce jour inclus.",
    )

    def territory_question(self) -> TerritoryResolution | None:
        """The typed territory when it does not resolve to one: asked back, never silently ignored."""
        if not self.is_bound or self.is_valid() or "territoire" not in self.errors:
            return None
        return cast(TerritoryField, self.fields["territoire"]).last_resolution

    def to_filters(self) -> CallFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return CallFilters(
            territory=data.get("territoire"),
            theme=data.get("theme") or "",
            sdg=data.get("odd"),
            ends_before=data.get("avant"),
        )


class EvaluationForm(VersionedForm):
    class Meta:
        model = Alliance
        formfield_callback = one_line_formfield
        fields = ["evaluation"]


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=Step.choices, label="Étape en cours")


class _PickerForm(OrganisationPickerMixin, forms.Form):
    pickers = {"organisation_name": "organisation"}

    def __init__(self, *args, territory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_pickers(territory=territory)

    def clean(self):
        return self.clean_pickers(super().clean())

    def service_data(self) -> dict:
        """What the service takes: the picked organisation and its name, without the picker's fields."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.picker_extras()}


class InvitationForm(_PickerForm):
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    organisation_name = OneLineCharField(label="Organisation qu'elle représente", max_length=200)
    role = forms.ChoiceField(choices=MemberRole.choices, initial=MemberRole.PARTNER, label="Rôle")
    message = forms.CharField(
        label="Message personnel",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
    )


class JoinRequestForm(_PickerForm):
    organisation_name = OneLineCharField(label="Organisation que vous représentez", max_length=200)
    message = forms.CharField(
        label="Votre message aux pilotes",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
    )


class MembershipOrganisationForm(_PickerForm):
    organisation_name = OneLineCharField(label="Organisation de l'annuaire", max_length=200)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=MemberRole.choices, label="Rôle")


class OrganisationChoiceMixin(_FormBase):
    """The organisation an item belongs to: a partner may only pick its own."""

    def set_organisations(self, organisations: list[str], *, fixed: str | None):
        field = self.fields["organisation_name"]
        choices = [fixed] if fixed else organisations
        self.fields["organisation_name"] = forms.ChoiceField(
            label=field.label,
            choices=[(o, o) for o in choices],
            required=True,
        )


class ChecklistItemForm(VersionedForm):
    class Meta:
        model = ChecklistItem
        formfield_callback = one_line_formfield
        fields = ["label", "done"]


class DiagnosticItemForm(VersionedForm):
    class Meta:
        model = DiagnosticItem
        formfield_callback = one_line_formfield
        fields = ["kind", "text", "source"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ActorTargetForm(VersionedForm):
    class Meta:
        model = ActorTarget
        formfield_callback = one_line_formfield
        fields = ["name", "why", "status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


# The largest value a commitment stores (`amount_eur`: 12 digits, 2 of them decimals).
MAX_VALUE = Decimal("9999999999.99")


class CommitmentForm(OrganisationChoiceMixin, VersionedForm):
    """A commitment and what makes its value: an amount, or hours (× a rate for skills).

    The value of skills and volunteering is computed by the service (partnerships/valuation.py):
    the form only checks that what is typed fits the kind, with a message saying what to type.
    """

    class Media:
        js = [Script("partnerships/commitment_form.js", defer=True)]

    class Meta:
        model = Commitment
        formfield_callback = one_line_formfield
        fields = [
            "organisation_name",
            "kind",
            "description",
            "amount_eur",
            "hours",
            "hourly_rate_eur",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "organisation_name": "Partenaire qui s'engage",
            "amount_eur": "Montant ou valeur (€)",
            "hours": "Nombre d'heures",
            "hourly_rate_eur": "Taux horaire (€/h)",
        }
        help_texts = {
            "description": "Ce qui est apporté. Pour un don en nature, des locaux ou de la logistique, dites aussi "
            "comment la valeur est estimée (prix du marché, devis, loyer équivalent).",
            "amount_eur": "Apport financier : le montant. Don en nature, locaux, logistique : la valeur estimée. "
            "Laissez vide pour le mécénat de compétences et le bénévolat : la valeur est calculée.",
            "hours": "Mécénat de compétences et bénévolat seulement. Par exemple 10,5.",
            "hourly_rate_eur": "Mécénat de compétences seulement : le coût horaire de la personne mise à disposition. "
            "Le bénévolat est valorisé au SMIC horaire brut.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The computed parts are not shown back as if typed: saving again recomputes them.
        if self.instance.pk and not self.is_bound and self.instance.kind in valuation.HOURLY_KINDS:
            if self.instance.hours is not None:
                self.initial["amount_eur"] = None
            if self.instance.kind == CommitmentKind.VOLUNTEERS:
                self.initial["hourly_rate_eur"] = None

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "La fin de l'engagement doit suivre son début.")
        for name, label in (
            ("amount_eur", "Le montant"),
            ("hours", "Le nombre d'heures"),
            ("hourly_rate_eur", "Le taux"),
        ):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, f"{label} ne peut pas être négatif.")
        kind = data.get("kind")
        amount, hours, rate = data.get("amount_eur"), data.get("hours"), data.get("hourly_rate_eur")
        if kind == CommitmentKind.SKILLS:
            if amount is not None:
                self.add_error(
                    "amount_eur",
                    "Le mécénat de compétences se valorise en heures : indiquez le nombre d'heures et le taux "
                    "horaire, et laissez ce montant vide.",
                )
            if hours is not None and rate is None:
                self.add_error("hourly_rate_eur", "Indiquez le taux horaire (€/h) : la valeur est heures × taux.")
            if rate is not None and hours is None:
                self.add_error("hours", "Indiquez le nombre d'heures : la valeur est heures × taux.")
            if hours is not None and rate is not None and valuation.hours_value(hours, rate) > MAX_VALUE:
                self.add_error(
                    "hours", "La valeur calculée (heures × taux) dépasse 9 999 999 999,99 € : vérifiez les chiffres."
                )
        elif kind == CommitmentKind.VOLUNTEERS:
            if amount is not None:
                self.add_error(
                    "amount_eur",
                    "Le bénévolat se valorise en heures, au SMIC horaire brut : indiquez le nombre d'heures et "
                    "laissez ce montant vide.",
                )
            if rate is not None:
                self.add_error(
                    "hourly_rate_eur",
                    "Le bénévolat est valorisé au SMIC horaire brut, sans taux à saisir : laissez ce champ vide.",
                )
        elif kind:
            for name in ("hours", "hourly_rate_eur"):
                if data.get(name) is not None:
                    self.add_error(
                        name,
                        "Les heures et le taux horaire ne servent qu'au mécénat de compétences et au bénévolat : "
                        "videz ce champ, ou choisissez l'un de ces types.",
                    )
        return data


class ActionItemForm(VersionedForm):
    class Meta:
        model = ActionItem
        formfield_callback = one_line_formfield
        fields = ["title", "description", "owner", "due_date", "status"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        formfield_callback = one_line_formfield
        fields = ["title", "date", "place", "participants", "agenda", "minutes", "decisions"]
        widgets = {
            "date": DateTimeInput(),
            **{f: forms.Textarea(attrs={"rows": 3}) for f in ["participants", "agenda", "minutes", "decisions"]},
        }


class JournalEntryForm(VersionedForm):
    class Meta:
        model = JournalEntry
        formfield_callback = one_line_formfield
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(VersionedForm):
    class Meta:
        model = Indicator
        formfield_callback = one_line_formfield
        fields = ["name", "dimension", "sdg", "unit", "baseline", "target", "frequency"]

    def clean(self):
        data = super().clean()
        if data.get("dimension") == "odd" and not data.get("sdg"):
            self.add_error("sdg", "Choisissez l'ODD auquel l'indicateur contribue.")
        return data


class MeasurementForm(FrenchNumbersModelForm):
    class Meta:
        model = Measurement
        formfield_callback = one_line_formfield
        fields = ["date", "value", "source"]
        widgets = {"date": DateInput()}
        help_texts = {"source": "D'où vient la valeur : enquête, comptage, registre…"}


@dataclass(frozen=True)
class ItemKind:
    slug: str
    model: type[ItemBase]
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
