"""Forms of the self-assessment."""

from django import forms

from alliances.assessment.enums import Mode
from alliances.core.forms import OneLineCharField


class StartForm(forms.Form):
    territoire = OneLineCharField(
        label="Territoire évalué",
        max_length=100,
        help_text="Nom de la commune ou de l'intercommunalité, code INSEE, code postal ou SIREN.",
        error_messages={"required": "Indiquez la commune ou l'intercommunalité évaluée."},
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
