"""Forms of the directory: filters, claim, declared fields, contact."""

from __future__ import annotations

from typing import cast

from django import forms

from alliances.actors.enums import CollectiviteRole, OrganisationKind
from alliances.actors.models import ContactMessage, Organisation
from alliances.actors.selectors import SORTS, DirectoryFilters, theme_choices
from alliances.core.forms import OneLineCharField, one_line_formfield
from alliances.territories.forms import TerritoryField
from alliances.territories.selectors import TerritoryResolution

SORT_LABELS = {
    "pertinence": "Pertinence (avec une recherche)",
    "nom": "Nom (A → Z)",
    "-creation": "Les plus récentes",
    "creation": "Les plus anciennes",
    "commune": "Commune",
}


class DirectoryFilterForm(forms.Form):
    q = OneLineCharField(label="Nom ou objet", required=False, max_length=200)
    territoire = TerritoryField(required=False)
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous"), *OrganisationKind.choices])
    theme = forms.ChoiceField(label="Thème", required=False)
    odd = forms.TypedChoiceField(
        label="ODD",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tous")] + [(str(n), f"ODD {n}") for n in range(1, 18)],
    )
    actif = forms.BooleanField(label="En activité seulement", required=False)
    ess = forms.BooleanField(label="ESS seulement", required=False)
    employeur = forms.BooleanField(label="Employeurs seulement", required=False)
    tri = forms.ChoiceField(label="Trier par", required=False, choices=[(k, SORT_LABELS[k]) for k in SORTS])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous"), *theme_choices()]

    def territory_question(self) -> TerritoryResolution | None:
        """The typed territory when it does not resolve to one: never ignored, asked back instead."""
        if not self.is_bound or self.is_valid() or "territoire" not in self.errors:
            return None
        return cast(TerritoryField, self.fields["territoire"]).last_resolution

    def to_filters(self) -> DirectoryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DirectoryFilters(
            q=data.get("q") or "",
            territory=data.get("territoire"),
            kind=data.get("type") or "",
            theme=data.get("theme") or "",
            sdg=data.get("odd"),
            active_only=bool(data.get("actif")),
            ess_only=bool(data.get("ess")),
            employer_only=bool(data.get("employeur")),
            sort=data.get("tri") or ("pertinence" if data.get("q") else "nom"),
        )


class ClaimForm(forms.Form):
    proof_email = forms.EmailField(
        label="Votre adresse sur le domaine de l'organisation",
        required=False,
        max_length=254,
        help_text="Un lien de confirmation y sera envoyé : l'ouvrir vérifie votre lien sans attendre un modérateur.",
    )
    message = forms.CharField(
        label="Votre lien avec l'organisation",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text="Par exemple : « Je suis trésorière de l'association depuis 2021. » Sans adresse sur le "
        "domaine de l'organisation, un modérateur lira ce message.",
    )

    def __init__(self, *args, domain: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if domain:
            self.fields["proof_email"].help_text = f"Une adresse qui se termine par « @{domain} ». " + str(
                self.fields["proof_email"].help_text
            )
            self.fields["proof_email"].widget.attrs["placeholder"] = f"prenom.nom@{domain}"
        else:
            del self.fields["proof_email"]


class CollectiviteLinkForm(forms.Form):
    territoire = TerritoryField(
        label="Votre collectivité",
        kinds=["commune", "epci", "departement", "region"],
        help_text="Commune, intercommunalité, département ou région : son nom, son code postal ou son code.",
    )
    role = forms.ChoiceField(label="Vous êtes", choices=CollectiviteRole.choices, widget=forms.RadioSelect)
    message = forms.CharField(
        label="Précisions pour le modérateur (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Par exemple votre service ou votre délégation.",
    )


class DeclaredFieldsForm(forms.ModelForm):
    declared_website = forms.URLField(label="Site web", required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Organisation
        formfield_callback = one_line_formfield
        fields = [
            "description",
            "declared_website",
            "offers_skills",
            "offers_premises",
            "offers_volunteers",
            "offers_funding",
            "offers_details",
            "accepts_contact",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "offers_details": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "description": "Ce que fait l'organisation, pour qui, où.",
            "offers_details": "Précisez ce que vous pouvez proposer à un partenaire.",
            "accepts_contact": "Les messages vous parviennent par courriel ; votre adresse n'est jamais publiée.",
        }


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactMessage
        formfield_callback = one_line_formfield
        fields = ["sender_name", "sender_email", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"sender_email": "Pour que l'organisation puisse vous répondre."}


class NeedSearchForm(forms.Form):
    """« Décrivez votre besoin » : a need in everyday words, in a territory written as people write it."""

    besoin = forms.CharField(
        label="Décrivez votre besoin",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Avec vos mots, par exemple : « rompre la solitude de nos aînés qui vivent seuls ».",
    )
    territoire = TerritoryField()

    def __init__(self, *args, **kwargs):
        # Its own ids: the form also sits on pages that have another territory field (directory, portrait).
        kwargs.setdefault("auto_id", "besoin-%s")
        super().__init__(*args, **kwargs)
