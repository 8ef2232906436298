"""Forms of the user's own account."""

from django import forms

from alliances.accounts.models import User
from alliances.core.forms import one_line_formfield


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        formfield_callback = one_line_formfield
        fields = ["display_name", "organisation_name", "organisation_role"]
        help_texts = {
            "display_name": "Ce nom est visible des autres membres ; votre adresse électronique ne l'est jamais.",
            "organisation_name": "La collectivité, l'association ou l'entreprise pour laquelle vous agissez.",
        }
