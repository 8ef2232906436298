"""Forms of the catalysts' network: finder filters, profile, contact request, answers."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from alliances.catalysts.enums import Availability, ContactPreference, Metier, Theme
from alliances.catalysts.models import CatalystProfile
from alliances.core.forms import OneLineCharField, one_line_formfield
from alliances.core.uploads import validate_upload
from alliances.sdg.goals import GOALS
from alliances.sdg.models import Sdg
from alliances.territories.forms import TERRITORY_HELP, TerritoryInput, TerritoryListInput
from alliances.territories.models import Territory
from alliances.territories.selectors import territory_label, territory_resolve

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_KINDS = ("jpeg", "png", "webp")


def resolve_territory(text: str) -> Territory:
    """A territory from what a person typed (name, postal code, code): the territories app's one resolver."""
    resolution = territory_resolve(text)
    if resolution.territory is None:
        raise ValidationError(resolution.message)
    return resolution.territory


def _choices(enum, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *enum.choices]


class FinderForm(forms.Form):
    territoire = OneLineCharField(
        label="Territoire", required=False, max_length=200, help_text=TERRITORY_HELP, widget=TerritoryInput
    )
    metier = forms.ChoiceField(label="Métier", required=False, choices=_choices(Metier, "Tous les métiers"))
    theme = forms.ChoiceField(label="Thème ou fragilité", required=False, choices=_choices(Theme, "Tous les thèmes"))
    odd = forms.TypedChoiceField(
        label="Objectif de développement durable",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tous les ODD"), *[(g.number, g.label) for g in GOALS]],
    )
    disponible = forms.BooleanField(label="Seulement les catalyseurs disponibles", required=False)

    def clean_territoire(self) -> Territory | None:
        text = self.cleaned_data.get("territoire", "")
        return resolve_territory(text) if text.strip() else None


class TerritoriesField(forms.CharField):
    """Territories written one per line, as references or names; each line must resolve."""

    widget = TerritoryListInput(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple) and value and isinstance(value[0], Territory):
            return "\n".join(territory_label(t) for t in value)
        return value

    def clean(self, value) -> list[Territory]:
        text = super().clean(value)
        territories, errors = [], []
        for number, line in enumerate((text or "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                territories.append(resolve_territory(line))
            except ValidationError as error:
                errors.append(f"Ligne {number} : {error.messages[0]}")
        if errors:
            raise ValidationError(errors)
        if not territories and self.required:
            raise ValidationError("Indiquez au moins un territoire où vous intervenez.")
        return list({t.pk: t for t in territories}.values())


class ProfileForm(forms.ModelForm):
    territories = TerritoriesField(
        label="Territoires d'intervention",
        help_text="Un par ligne : le nom d'une commune, d'une intercommunalité, d'un département ou d'une "
        "région, ou un code postal (par exemple Mende, 48000, Cœur de Lozère, Lozère).",
    )
    sdgs = forms.ModelMultipleChoiceField(
        label="ODD d'expertise",
        required=False,
        queryset=Sdg.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(
        label="Photo",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="Facultative. JPEG, PNG ou WebP, 5 Mo au plus ; elle est réduite et ses métadonnées "
        "(lieu de prise de vue…) sont supprimées.",
    )
    remove_photo = forms.BooleanField(label="Retirer ma photo", required=False)

    class Meta:
        model = CatalystProfile
        formfield_callback = one_line_formfield
        fields = [
            "name",
            "organisation_name",
            "bio",
            "experience",
            "metiers",
            "themes",
            "languages",
            "availability",
            "contact_preference",
            "is_public",
        ]
        widgets = {
            "availability": forms.RadioSelect(choices=Availability.choices),
            "contact_preference": forms.Select(choices=ContactPreference.choices),
            "bio": forms.Textarea(attrs={"rows": 5}),
            "experience": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["territories"] = list(self.instance.territories.all())
            self.initial["sdgs"] = list(self.instance.sdgs.all())
        # Order the fields as the page reads.
        order = [
            "name",
            "organisation_name",
            "bio",
            "experience",
            "territories",
            "metiers",
            "themes",
            "sdgs",
            "languages",
            "availability",
            "contact_preference",
            "photo",
            "remove_photo",
            "is_public",
        ]
        self.order_fields(order)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            validate_upload(photo, accept=PHOTO_KINDS, max_bytes=MAX_PHOTO_BYTES)
        return photo


class ContactForm(forms.Form):
    subject = OneLineCharField(label="Objet", max_length=150)
    territory = OneLineCharField(
        label="Territoire concerné", required=False, max_length=200, help_text=TERRITORY_HELP, widget=TerritoryInput
    )
    message = forms.CharField(
        label="Message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Présentez votre démarche et ce que vous attendez du catalyseur (3 000 caractères au plus).",
    )
    consent_share = forms.BooleanField(
        label="J'accepte que mon nom, mon organisation et mon adresse électronique soient transmis à ce "
        "catalyseur si cette personne accepte la mise en relation.",
        error_messages={"required": "Cochez cette case : sans votre accord, la mise en relation est impossible."},
    )

    def clean_territory(self) -> Territory | None:
        text = self.cleaned_data.get("territory", "")
        return resolve_territory(text) if text.strip() else None


class DeclineForm(forms.Form):
    response_message = forms.CharField(
        label="Votre message à l'auteur de la demande",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ModerationForm(forms.Form):
    """A moderator's decision on a pending profile (ids and decision parsed here, never trusted raw)."""

    profile = forms.ModelChoiceField(
        queryset=CatalystProfile.objects.all(), error_messages={"invalid_choice": "Ce profil n'existe pas."}
    )
    decision = forms.ChoiceField(choices=[("valider", "Valider"), ("refuser", "Refuser")])
