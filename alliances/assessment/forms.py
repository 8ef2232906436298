"""Forms of the self-assessment."""

from django import forms

from alliances.assessment.enums import Mode
from alliances.core.forms import OneLineCharField
from alliances.territories.forms import TerritoryInput


class StartForm(forms.Form):
    territoire = OneLineCharField(
        label="Territoire évalué",
        max_length=200,
        help_text="Nom de la commune ou de l'intercommunalité, code postal ou code officiel.",
        error_messages={"required": "Indiquez la commune ou l'intercommunalité évaluée."},
        widget=TerritoryInput(attrs={"data-territory-kinds": "commune,epci"}),
    )
    mode = forms.ChoiceField(
        label="Qui répond ?",
        choices=[
            (Mode.SOLO, "Je réponds seul·e"),
            (
                Mode.GROUP,
                "Nous répondons à plusieurs (chaque membre répond ; les résultats montrent accords et désaccords)",
            ),
        ],
        initial=Mode.SOLO,
        widget=forms.RadioSelect,
    )
    is_public = forms.BooleanField(
        label="Afficher les scores par axe sur la page du territoire",
        required=False,
        help_text="Jamais les réponses individuelles. Vous pourrez changer d'avis plus tard.",
    )
    alliance = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
