"""Kinds, statuses and bands of the organisations of the directory (API values in French)."""

from django.db import models


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", "Association"
    ENTREPRISE = "entreprise", "Entreprise"
    ESS = "ess", "Structure de l'ESS"
    FONDATION = "fondation", "Fondation ou fonds de dotation"
    COLLECTIVITE = "collectivite", "Collectivité"
    PUBLIC = "public", "Service de l'État ou établissement public"
    ENSEIGNEMENT = "enseignement", "Établissement d'enseignement ou de recherche"
    COLLECTIF = "collectif", "Collectif citoyen"
    AUTRE = "autre", "Autre"


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", "En activité"
    DISSOLVED = "dissolved", "Dissoute"
    CLOSED = "closed", "Fermée"


class HeadcountBand(models.TextChoices):
    """INSEE's `trancheEffectifs` codes (SIRENE)."""

    NONE = "NN", "Non employeur"
    ZERO = "00", "0 salarié"
    ONE_TWO = "01", "1 ou 2 salariés"
    THREE_FIVE = "02", "3 à 5 salariés"
    SIX_NINE = "03", "6 à 9 salariés"
    TEN = "11", "10 à 19 salariés"
    TWENTY = "12", "20 à 49 salariés"
    FIFTY = "21", "50 à 99 salariés"
    HUNDRED = "22", "100 à 199 salariés"
    TWO_HUNDRED = "31", "200 à 249 salariés"
    TWO_FIFTY = "32", "250 à 499 salariés"
    FIVE_HUNDRED = "41", "500 à 999 salariés"
    THOUSAND = "42", "1 000 à 1 999 salariés"
    TWO_THOUSAND = "51", "2 000 à 4 999 salariés"
    FIVE_THOUSAND = "52", "5 000 à 9 999 salariés"
    TEN_THOUSAND = "53", "10 000 salariés et plus"


# Bands that mean "has employees" (the "employeur" filter).
EMPLOYER_BANDS = [b.value for b in HeadcountBand if b.value not in ("NN", "00")]


class Source(models.TextChoices):
    RNA = "rna", "Répertoire national des associations (RNA)"
    SIRENE = "sirene", "Répertoire SIRENE (INSEE)"
    DECLARED = "declared", "Déclaré par l'organisation"
    PLATFORM = "platform", "Saisi sur la plateforme"
    DEMO = "demo", "Exemple fictif"


class ThemeScheme(models.TextChoices):
    RNA = "rna", "Nomenclature des objets sociaux (RNA)"
    NAF = "naf", "Sections de la nomenclature d'activités (NAF)"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    APPROVED = "approved", "Acceptée"
    REJECTED = "rejected", "Refusée"


class ClaimMethod(models.TextChoices):
    """How a link between an account and an organisation or a collectivité was verified."""

    MODERATOR = "moderation", "Validé par un modérateur"
    DOMAIN = "domaine", "Adresse sur le domaine de l'organisation"


class ListingStatus(models.TextChoices):
    """Whether an organisation shows in the public directory (one typed in a form waits for a moderator)."""

    LISTED = "listed", "Dans l'annuaire"
    PENDING = "pending", "En attente de validation"
    REFUSED = "refused", "Refusée par un modérateur"


class CollectiviteRole(models.TextChoices):
    AGENT = "agent", "Agent"
    ELU = "elu", "Élu·e"


class ImportKind(models.TextChoices):
    RNA = "rna", "RNA"
    RNA_NOMENCLATURE = "rna_nomenclature", "Nomenclature RNA"
    SIRENE = "sirene", "SIRENE"
