"""The directory of actors: associations, companies, ESS structures, public bodies…

Register fields (filled by the RNA and SIRENE importers) and declared fields (written by
the organisation's own members once their claim is approved) are separate columns: an
import only ever writes the former, so a member's edit is never overwritten.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from alliances.actors.enums import (
    EMPLOYER_BANDS,
    ClaimMethod,
    ClaimStatus,
    CollectiviteRole,
    HeadcountBand,
    ImportKind,
    ListingStatus,
    OrganisationKind,
    OrganisationStatus,
    Source,
    ThemeScheme,
)
from alliances.core.fields import MESSAGE_MAX_LENGTH, BoundedTextField
from alliances.territories.enums import TerritoryKind


def validate_siren(value: str) -> None:
    try:
        stdnum_siren.validate(value)
    except StdnumError as error:
        raise ValidationError(f"SIREN « {value} » invalide : 9 chiffres avec une clé de contrôle correcte.") from error


def validate_siret(value: str) -> None:
    try:
        stdnum_siret.validate(value)
    except StdnumError as error:
        raise ValidationError(f"SIRET « {value} » invalide : 14 chiffres avec une clé de contrôle correcte.") from error


class Theme(models.Model):
    """A theme an organisation works on: an RNA social-object family or detail, or a NAF section."""

    code = models.CharField("code", max_length=8, unique=True)
    label = models.CharField("libellé", max_length=300)
    scheme = models.CharField("nomenclature", max_length=8, choices=ThemeScheme.choices)
    # Detailed RNA objects point at their family (first 3 digits + "000").
    family = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="details")

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_family(self) -> bool:
        return self.family_id is None


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(status=OrganisationStatus.ACTIVE)

    def listed(self) -> OrganisationQuerySet:
        """Organisations of the public directory: not those typed in a form and awaiting a moderator.

        Written `id NOT IN (the few unlisted ids)` rather than `listing = 'listed'`: the unlisted are
        a handful (read from a partial index), and the id is in every index the directory's lists
        walk, so a page is still read from its index without visiting a row per entry.
        """
        unlisted = Organisation.objects.exclude(listing=ListingStatus.LISTED).values("pk")
        return self.exclude(pk__in=unlisted)

    def in_territory(self, territory, *, listed: bool = False) -> OrganisationQuerySet:
        """Organisations whose commune lies in the territory (commune, EPCI, département, région).

        `listed`: the communes of a larger territory are read first and given as a list of ids
        (`commune_id IN (…)`) instead of a join: PostgreSQL then knows how many organisations
        they hold and walks the (name, id) index for a page of a big territory (0.3 ms for the
        Paris département), where through the join it misjudges them and sorts them all (73 ms).
        """
        field = {
            TerritoryKind.EPCI: "epci",
            TerritoryKind.DEPARTEMENT: "departement",
            TerritoryKind.REGION: "region",
        }.get(territory.kind)
        if field is None:
            return self.filter(commune=territory)
        if listed:
            from alliances.territories.models import Territory

            return self.filter(
                commune_id__in=list(Territory.objects.filter(**{field: territory}).values_list("id", flat=True))
            )
        return self.filter(**{f"commune__{field}": territory})


class Organisation(models.Model):
    # --- Identity (register fields: written by imports, or at creation on the platform) ---
    kind = models.CharField("type", max_length=16, choices=OrganisationKind.choices)
    name = models.CharField("nom", max_length=400)
    short_name = models.CharField("sigle ou nom court", max_length=200, blank=True)
    rna_id = models.CharField(
        "numéro RNA",
        max_length=14,
        blank=True,
        help_text="W suivi de 9 caractères, ou ancien numéro (par exemple 481S0480000116).",
    )
    rna_former_id = models.CharField("ancien numéro (id_ex)", max_length=14, blank=True)
    # Position R in the RNA: the association was taken over in Waldec under this new id.
    rna_successor_id = models.CharField("repris sous le numéro RNA", max_length=14, blank=True)
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True, validators=[validate_siren])
    siret = models.CharField("SIRET du siège", max_length=14, blank=True, db_index=True, validators=[validate_siret])
    # No index of its own: the index (commune, kind) below serves every lookup by commune, and a
    # second index on the same column cost a random B-tree insertion per organisation imported.
    commune = models.ForeignKey(
        "territories.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="organisations",
        limit_choices_to={"kind": TerritoryKind.COMMUNE},
        verbose_name="commune",
    )
    address = models.TextField("adresse", blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    website = models.URLField("site web (registre)", max_length=500, blank=True)
    register_object = models.TextField("objet déclaré au registre", blank=True)
    rna_object_codes = models.CharField(
        "codes d'objet social (RNA)", max_length=20, blank=True, help_text="objet_social1,objet_social2"
    )
    legal_category = models.CharField("catégorie juridique", max_length=4, blank=True)
    naf_code = models.CharField("code NAF/APE", max_length=6, blank=True)
    status = models.CharField(
        "situation", max_length=10, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    created_on = models.DateField("date de création", null=True, blank=True)
    status_changed_on = models.DateField("date de dissolution ou de fermeture", null=True, blank=True)
    headcount_band = models.CharField("tranche d'effectif", max_length=2, choices=HeadcountBand.choices, blank=True)
    is_ess = models.BooleanField("économie sociale et solidaire", default=False)
    is_societe_a_mission = models.BooleanField("société à mission", default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="organisations", verbose_name="thèmes")
    sdgs = models.ManyToManyField("sdg.Sdg", blank=True, related_name="organisations", verbose_name="ODD")

    # --- Source and date of each field group ---
    source = models.CharField("créée depuis", max_length=10, choices=Source.choices, default=Source.PLATFORM)
    rna_source = models.CharField("fichier RNA", max_length=300, blank=True)
    rna_imported_at = models.DateTimeField("dernier import RNA", null=True, blank=True)
    # Hash of the register values last imported: an identical line is "unchanged" without a write.
    rna_fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    sirene_source = models.CharField("fichier SIRENE", max_length=300, blank=True)
    sirene_imported_at = models.DateTimeField("dernier import SIRENE", null=True, blank=True)
    sirene_fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    # --- Declared fields (the organisation's members; never touched by an import) ---
    description = BoundedTextField("présentation", max_length=MESSAGE_MAX_LENGTH, blank=True)
    declared_website = models.URLField("site web", max_length=500, blank=True)
    offers_skills = models.BooleanField("compétences", default=False)
    offers_premises = models.BooleanField("locaux ou matériel", default=False)
    offers_volunteers = models.BooleanField("bénévoles", default=False)
    offers_funding = models.BooleanField("financement", default=False)
    offers_details = BoundedTextField("ce que nous pouvons apporter", max_length=MESSAGE_MAX_LENGTH, blank=True)
    accepts_contact = models.BooleanField("accepte d'être contactée", default=True)
    declared_updated_at = models.DateTimeField("dernière mise à jour déclarée", null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name="membres",
    )

    is_demo = models.BooleanField("exemple fictif", default=False)
    # An organisation typed in a form (an alliance's lead, "au titre de"…) waits for a moderator
    # before it shows in the directory's list, search, API and search by need.
    listing = models.CharField(
        "dans l'annuaire",
        max_length=10,
        choices=ListingStatus.choices,
        default=ListingStatus.LISTED,
        # A default in the database: adding the column to 1.9 million rows is one ALTER TABLE, no rewrite.
        db_default=ListingStatus.LISTED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["rna_id"], condition=~Q(rna_id=""), name="organisation_unique_rna_id"),
        ]
        indexes = [
            models.Index(fields=["commune", "kind"], name="organisation_commune_kind"),
            models.Index(fields=["kind", "status"], name="organisation_kind_status"),
            # The directory's default order (name, id): the first page of the national list reads
            # 25 index entries instead of sorting 1.9 million rows (5 s under SQLite, 380 ms under
            # PostgreSQL). With the commune (PostgreSQL: in the index, not in its order), the page
            # of a large territory walks the index alone, without visiting a row per entry to
            # learn its commune (see selectors.DirectoryResults).
            models.Index(fields=["name", "id"], include=["commune"], name="organisation_name_id_commune"),
            # A commune's list by name reads its 25 entries (Strasbourg: 54 ms of sorting its
            # 14,665 organisations before).
            models.Index(fields=["commune", "name", "id"], name="organisation_commune_name"),
            # The few organisations out of the directory (see OrganisationQuerySet.listed).
            models.Index(fields=["id"], condition=~Q(listing="listed"), name="organisation_unlisted"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE

    @property
    def is_listed(self) -> bool:
        return self.listing == ListingStatus.LISTED

    @property
    def is_employer(self) -> bool:
        return self.headcount_band in EMPLOYER_BANDS

    @property
    def shown_website(self) -> str:
        return self.declared_website or self.website

    @property
    def offers(self) -> list[str]:
        labels = [
            ("offers_skills", "compétences"),
            ("offers_premises", "locaux ou matériel"),
            ("offers_volunteers", "bénévoles"),
            ("offers_funding", "financement"),
        ]
        return [label for field, label in labels if getattr(self, field)]


class Establishment(models.Model):
    """One SIRENE establishment (SIRET) of an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="establishments")
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    name = models.CharField("enseigne ou dénomination", max_length=400, blank=True)
    is_head_office = models.BooleanField("siège", default=False)
    commune = models.ForeignKey(
        "territories.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="establishments",
    )
    address = models.TextField("adresse", blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    naf_code = models.CharField("code NAF/APE", max_length=6, blank=True)
    headcount_band = models.CharField("tranche d'effectif", max_length=2, choices=HeadcountBand.choices, blank=True)
    status = models.CharField(
        "situation", max_length=10, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    created_on = models.DateField("date de création", null=True, blank=True)
    sirene_imported_at = models.DateTimeField("dernier import SIRENE", null=True, blank=True)
    sirene_fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = "établissement"
        verbose_name_plural = "établissements"
        ordering = ["-is_head_office", "siret"]

    def __str__(self) -> str:
        return f"{self.siret} {self.name}".strip()


class OrganisationClaim(models.Model):
    """A member asks to speak for an organisation; the link is verified by an address on the
    organisation's domain (a confirmation link) or by a moderator. Approved, the user is one of
    the organisation's `members`: that membership is the verified link."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_claims")
    message = BoundedTextField("votre lien avec l'organisation", max_length=2000, blank=True)
    # The address on the organisation's domain a confirmation link was sent to (empty: a moderator decides).
    proof_email = models.EmailField("adresse sur le domaine de l'organisation", blank=True)
    method = models.CharField("vérifié par", max_length=10, choices=ClaimMethod.choices, blank=True)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = BoundedTextField("motif", max_length=MESSAGE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=Q(status="pending"), name="claim_one_pending_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class CollectiviteLink(models.Model):
    """An account says it works for a collectivité (commune, EPCI, département, région) as an
    agent or an élu; verified by a moderator, or at once when the account's confirmed address is
    on a domain a moderator recorded for that collectivité (`CollectiviteDomain`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collectivite_links")
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+", verbose_name="collectivité"
    )
    role = models.CharField("fonction", max_length=10, choices=CollectiviteRole.choices)
    message = BoundedTextField("précisions", max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    method = models.CharField("vérifié par", max_length=10, choices=ClaimMethod.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = BoundedTextField("motif", max_length=MESSAGE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = "rattachement à une collectivité"
        verbose_name_plural = "rattachements à une collectivité"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "user"],
                condition=Q(status__in=["pending", "approved"]),
                name="collectivite_link_one_open_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.territory_id} ({self.get_role_display()})"

    @property
    def email_domain(self) -> str:
        """The domain of the account's address: what a moderator may recognise for the collectivité."""
        from alliances.actors.domains import domain_of_email

        return domain_of_email(self.user.email)


class CollectiviteDomain(models.Model):
    """A domain name a moderator recognised as a collectivité's (agents' addresses end with it)."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+", verbose_name="collectivité"
    )
    domain = models.CharField("domaine", max_length=253)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "domaine d'une collectivité"
        verbose_name_plural = "domaines des collectivités"
        constraints = [models.UniqueConstraint(fields=["territory", "domain"], name="collectivite_domain_unique")]

    def __str__(self) -> str:
        return self.domain


class ContactMessage(models.Model):
    """A message sent to an organisation through the platform (its address is never shown)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contact_messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sender_name = models.CharField("votre nom", max_length=150)
    sender_email = models.EmailField("votre adresse électronique")
    subject = models.CharField("objet", max_length=200)
    body = BoundedTextField("message", max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    recipients_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "message de contact"
        verbose_name_plural = "messages de contact"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class ImportRun(models.Model):
    """One run of an importer, with its summary (what an operator checks after a load)."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    source = models.CharField(max_length=500)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)
    rejects_path = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source}"


class TerritoryDirectoryCounts(models.Model):
    """The directory's counts of one big territory (commune, EPCI, département), as they stood at
    `computed_at`: what its territory page shows instead of recounting.

    Counting Paris's 104,740 organisations by kind and by theme costs 0.4 to 0.7 s at national
    scale; the nightly refresh (`counts.directory_counts_refresh`, run with the observatory's)
    counts every territory at once in a few scans and keeps here those of more than a few
    thousand organisations (a small commune's counts stay live, exact to the second).
    """

    territory = models.OneToOneField(
        "territories.Territory",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name="territoire",
    )
    total = models.PositiveIntegerField("organisations")
    active = models.PositiveIntegerField("organisations en activité")
    # [[kind, count], …] and [[theme code, label, count], …], most common first (as directory_counts).
    by_kind = models.JSONField("par type", default=list)
    by_theme = models.JSONField("par thème", default=list)
    # A commune's first active organisations by name (ids), listed on its page: sorting Paris's
    # 100,000 active organisations by name to show twelve costs 0.18 s.
    sample = models.JSONField("quelques organisations en activité", default=list)
    computed_at = models.DateTimeField("compté le")

    class Meta:
        verbose_name = "décompte de l'annuaire d'un territoire"
        verbose_name_plural = "décomptes de l'annuaire par territoire"

    def __str__(self) -> str:
        return f"{self.territory_id} : {self.total} organisations ({self.computed_at:%Y-%m-%d %H:%M})"
