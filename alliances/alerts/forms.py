"""Forms of the alerts pages: how often, and what to watch (carried from the list page)."""

from __future__ import annotations

from django import forms

from alliances.alerts.enums import Frequency
from alliances.core.forms import OneLineCharField


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Recevoir les nouveautés",
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
        help_text="Toutes vos alertes de même fréquence arrivent dans un seul courriel.",
    )


class AlertCreateForm(FrequencyForm):
    """What the « Créer une alerte » link carries, posted back with the chosen frequency."""

    type = OneLineCharField(required=False, max_length=20, widget=forms.HiddenInput)
    recherche = OneLineCharField(required=False, max_length=1000, widget=forms.HiddenInput)
    suivre = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("territoire", "territoire"), ("alliance", "alliance")],
        widget=forms.HiddenInput,
    )
    territoire = OneLineCharField(required=False, max_length=40, widget=forms.HiddenInput)
    alliance = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
