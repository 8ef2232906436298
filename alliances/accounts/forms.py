"""Forms of the user's own account."""

from django import forms

from alliances.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation_name", "organisation_role"]
        help_texts = {
            "display_name": "Ce nom est visible des autres membres ; votre adresse électronique ne l'est jamais.",
            "organisation_name": "La collectivité, l'association ou l'entreprise pour laquelle vous agissez.",
        }
