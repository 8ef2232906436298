"""Vocabularies of a practice: fragilities, forms of co-construction, partnership types, stage, budget."""

from django.db import models


class Fragility(models.TextChoices):
    EMPLOYMENT = "emploi", "Emploi"
    YOUTH = "jeunesse", "Jeunesse"
    AGEING = "vieillissement", "Vieillissement"
    ISOLATION = "isolement", "Isolement"
    HEALTH = "sante", "Santé"
    HOUSING = "logement", "Logement"
    MOBILITY = "mobilite", "Mobilité"
    FOOD = "alimentation", "Alimentation"
    CLIMATE_ENERGY = "climat-energie", "Climat et énergie"
    BIODIVERSITY = "biodiversite", "Biodiversité"
    CULTURE = "culture", "Culture"
    DIGITAL_INCLUSION = "inclusion-numerique", "Inclusion numérique"
    EDUCATION = "education", "Éducation"
    LOCAL_ECONOMY = "economie-locale", "Économie locale"
    TOWN_CENTRE = "centre-bourg", "Revitalisation du centre-bourg"
    DISABILITY = "handicap", "Handicap"


class CoConstructionForm(models.TextChoices):
    DIALOGUE = "dialogue-territorial", "Dialogue territorial"
    PARTNERSHIP = "partenariat", "Partenariat entre organisations"
    EXPERIMENT = "experimentation-collective", "Expérimentation collective"


class PartnershipType(models.TextChoices):
    MECENAT = "mecenat", "Mécénat"
    RESPONSIBLE_PRACTICES = "pratiques-responsables", "Pratiques responsables"
    ECONOMIC_COOPERATION = "cooperation-economique", "Coopération économique"
    SOCIETAL_INNOVATION = "innovation-societale", "Innovation sociétale"


class MecenatKind(models.TextChoices):
    FINANCIAL = "financier", "Mécénat financier"
    IN_KIND = "nature", "Mécénat en nature"
    LOGISTIC = "logistique", "Mécénat logistique"
    SKILLS = "competences", "Mécénat de compétences"


class Stage(models.TextChoices):
    IDEA = "idee", "Idée"
    RUNNING = "en-cours", "En cours"
    ENDED = "terminee", "Terminée"
    SPREAD = "essaimee", "Essaimée ailleurs"


class BudgetBand(models.TextChoices):
    UNDER_10K = "moins-10k", "Moins de 10 000 €"
    FROM_10K_TO_50K = "10k-50k", "De 10 000 à 50 000 €"
    FROM_50K_TO_200K = "50k-200k", "De 50 000 à 200 000 €"
    OVER_200K = "plus-200k", "Plus de 200 000 €"


class Status(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumise", "Soumise à la modération"
    RETURNED = "a-reprendre", "Renvoyée au contributeur"
    PUBLISHED = "publiee", "Publiée"
    REJECTED = "refusee", "Refusée"


class PartnerRole(models.TextChoices):
    LEAD = "porteur", "Porteur"
    COLLECTIVITE = "collectivite", "Collectivité partenaire"
    FUNDER = "financeur", "Financeur ou mécène"
    OPERATOR = "operateur", "Opérateur"
    CATALYST = "catalyseur", "Catalyseur"
    OTHER = "autre", "Autre partenaire"


class TerritoryType(models.TextChoices):
    """Type of territory derived from the referential: for a commune, its class in INSEE's density
    grid (7 levels) when the grid is loaded, its population band otherwise; else its level."""

    LARGE_URBAN_CENTRE = "grand-centre-urbain", "Grand centre urbain"
    INTERMEDIATE_URBAN_CENTRE = "centre-urbain-intermediaire", "Centre urbain intermédiaire"
    URBAN_BELT = "ceinture-urbaine", "Ceinture urbaine"
    SMALL_TOWN_DENSITY = "petite-ville", "Petite ville"
    RURAL_TOWN = "bourg-rural", "Bourg rural"
    RURAL_DISPERSED = "rural-disperse", "Commune rurale à habitat dispersé"
    RURAL_VERY_DISPERSED = "rural-tres-disperse", "Commune rurale à habitat très dispersé"
    RURAL_SMALL = "commune-moins-2000", "Commune de moins de 2 000 habitants"
    RURAL = "commune-2000-5000", "Commune de 2 000 à 5 000 habitants"
    SMALL_TOWN = "commune-5000-20000", "Commune de 5 000 à 20 000 habitants"
    TOWN = "commune-20000-100000", "Commune de 20 000 à 100 000 habitants"
    CITY = "commune-plus-100000", "Commune de plus de 100 000 habitants"
    EPCI = "epci", "Intercommunalité"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"


class CorrectionStatus(models.TextChoices):
    OPEN = "ouverte", "À examiner"
    ACCEPTED = "acceptee", "Prise en compte"
    DISMISSED = "ecartee", "Écartée"
