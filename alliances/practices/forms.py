"""Forms of the guided contribution (one per step), moderation, contact and correction."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator

from alliances.core.fields import MESSAGE_MAX_LENGTH, RICH_TEXT_MAX_LENGTH
from alliances.core.forms import OneLineCharField
from alliances.practices.enums import (
    BudgetBand,
    CoConstructionForm,
    Fragility,
    MecenatKind,
    PartnerRole,
    PartnershipType,
    Stage,
)
from alliances.sdg.models import Sdg
from alliances.territories.forms import TerritoryListInput, resolve_territory_lines
from alliances.territories.models import Territory
from alliances.territories.selectors import territory_label

MARKDOWN_HELP = "Texte simple ; **gras**, *italique*, listes avec « - » et liens [texte](https://…) acceptés."


class StepForm(forms.Form):
    """A step reads from and writes to a practice through `initial_from` and `service_kwargs`."""

    fields_of_practice: tuple[str, ...] = ()

    @classmethod
    def initial_from(cls, practice) -> dict:
        return {name: getattr(practice, name) for name in cls.fields_of_practice}

    def service_kwargs(self) -> dict:
        return {"fields": {name: self.cleaned_data[name] for name in self.fields_of_practice}}


class EssentialsForm(StepForm):
    title = OneLineCharField(label="Titre de la pratique", max_length=200)
    summary = forms.CharField(
        label="Résumé",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1200,
        min_length=40,
        help_text="Un paragraphe : qui, où, quoi, avec quel résultat.",
    )
    territories = forms.CharField(
        label="Territoires concernés",
        widget=TerritoryListInput,
        help_text="Un territoire par ligne : nom d'une commune, d'une intercommunalité, d'un département ou "
        "d'une région, ou code postal (par exemple Mende, 48000, Cœur de Lozère).",
    )
    fields_of_practice = ("title", "summary")

    @classmethod
    def initial_from(cls, practice) -> dict:
        territories = "\n".join(territory_label(t) for t in practice.territories.all())
        return {**super().initial_from(practice), "territories": territories}

    def clean_territories(self) -> list[Territory]:
        territories = resolve_territory_lines(self.cleaned_data["territories"])
        if not territories:
            raise forms.ValidationError("Indiquez au moins un territoire.")
        return territories

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "territories": self.cleaned_data["territories"]}


class ProblemForm(StepForm):
    fragilities = forms.MultipleChoiceField(
        label="Fragilités traitées", choices=Fragility.choices, widget=forms.CheckboxSelectMultiple
    )
    problem = forms.CharField(
        label="Le problème de départ",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=RICH_TEXT_MAX_LENGTH,
        help_text=MARKDOWN_HELP,
    )
    fields_of_practice = ("fragilities", "problem")


class PartnerForm(forms.Form):
    name = OneLineCharField(label="Nom du partenaire", max_length=200, required=False)
    role = forms.ChoiceField(label="Rôle", choices=PartnerRole.choices, required=False)


PartnerFormSet = forms.formset_factory(PartnerForm, extra=0, max_num=15, absolute_max=15)


class ActionForm(StepForm):
    actions = forms.CharField(
        label="Ce qui a été fait",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=RICH_TEXT_MAX_LENGTH,
        help_text=MARKDOWN_HELP,
    )
    form = forms.ChoiceField(
        label="Forme de co-construction", choices=CoConstructionForm.choices, widget=forms.RadioSelect
    )
    partnership_types = forms.MultipleChoiceField(
        label="Types de partenariat",
        choices=PartnershipType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mecenat_kinds = forms.MultipleChoiceField(
        label="Si mécénat : sous quelle forme ?",
        choices=MecenatKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    fields_of_practice = ("actions", "form", "partnership_types", "mecenat_kinds")

    def clean(self):
        data = super().clean()
        if data.get("mecenat_kinds") and "mecenat" not in (data.get("partnership_types") or []):
            self.add_error("mecenat_kinds", "Cochez aussi « Mécénat » dans les types de partenariat.")
        return data


class MeansForm(StepForm):
    started_on = forms.DateField(label="Début", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label="Fin", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    stage = forms.ChoiceField(label="Étape", choices=[("", "—"), *Stage.choices], required=False)
    budget_band = forms.ChoiceField(label="Budget", choices=[("", "—"), *BudgetBand.choices], required=False)
    funding_sources = forms.CharField(
        label="Sources de financement",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fields_of_practice = ("started_on", "ended_on", "stage", "budget_band", "funding_sources")

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "La fin doit suivre le début.")
        return data


class ResultsForm(StepForm):
    results = forms.CharField(
        label="Résultats (avec des chiffres si possible)",
        required=False,
        max_length=RICH_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    impact_organisations = forms.CharField(
        label="Impact sur les organisations partenaires",
        required=False,
        max_length=RICH_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    impact_innovation = forms.CharField(
        label="Innovation territoriale et sociétale",
        required=False,
        max_length=RICH_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    impact_trust = forms.CharField(
        label="Confiance entre les acteurs",
        required=False,
        max_length=RICH_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sdgs = forms.ModelMultipleChoiceField(
        label="Objectifs de développement durable",
        queryset=Sdg.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdg_targets = OneLineCharField(
        label="Cibles ODD (facultatif)", max_length=200, required=False, help_text="Par exemple : 8.6, 4.4"
    )
    lessons = forms.CharField(
        label="Enseignements et conditions de réussite",
        required=False,
        max_length=RICH_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    links = forms.CharField(label="Liens (un par ligne)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    fields_of_practice = (
        "results",
        "impact_organisations",
        "impact_innovation",
        "impact_trust",
        "sdg_targets",
        "lessons",
        "links",
    )

    @classmethod
    def initial_from(cls, practice) -> dict:
        return {
            **super().initial_from(practice),
            "links": "\n".join(practice.links),
            "sdgs": list(practice.sdgs.values_list("pk", flat=True)),
        }

    def clean_links(self) -> list[str]:
        links, validate = [], URLValidator(schemes=["http", "https"])
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                validate(line)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    f"Ligne {number} : « {line} » n'est pas une adresse web (https://…)."
                ) from error
            links.append(line)
        return links[:10]

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "sdgs": list(self.cleaned_data["sdgs"])}


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Fichier (PDF, PNG, JPEG ou WebP, 5 Mo au plus)")
    title = OneLineCharField(label="Titre du fichier", max_length=200, required=False)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("publier", "Publier"), ("renvoyer", "Renvoyer au contributeur"), ("refuser", "Refuser")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire au contributeur",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour un renvoi ou un refus.",
    )


class ContactForm(forms.Form):
    name = OneLineCharField(label="Votre nom", max_length=150)
    email = forms.EmailField(label="Votre adresse électronique")
    message = forms.CharField(label="Votre message", widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="Correction proposée",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX_LENGTH,
        help_text="Dites ce qui est inexact et ce qu'il faudrait écrire.",
    )


STEPS = [
    (1, "L'essentiel", EssentialsForm),
    (2, "Le problème", ProblemForm),
    (3, "L'action et les partenaires", ActionForm),
    (4, "Calendrier et moyens", MeansForm),
    (5, "Résultats et enseignements", ResultsForm),
    (6, "Pièces jointes et envoi", None),
]
LAST_STEP = len(STEPS)
