"""Link the free-text organisations written before the directory link existed.

A name is linked when exactly one organisation of the directory bears it (case-insensitive)
in the département of the alliance's territory (the territory itself for a département or
a région). Otherwise the name stays as written and unlinked: creating directory entries from
free text here would invent organisations nobody checked (see docs/partnerships.md).
The alliance's free-text themes also give its first fragilities when they name one.
"""

from django.db import migrations

FRAGILITY_WORDS = {
    "emploi": "emploi", "jeune": "jeunesse", "vieilli": "vieillissement", "aines": "vieillissement",
    "isolement": "isolement", "sante": "sante", "logement": "logement", "mobilite": "mobilite",
    "aliment": "alimentation", "climat": "climat-energie", "energie": "climat-energie",
    "biodiversite": "biodiversite", "culture": "culture", "numerique": "inclusion-numerique",
    "education": "education", "economie": "economie-locale", "centre bourg": "centre-bourg",
    "handicap": "handicap",
}


def _scope(Organisation, territory):
    if territory.kind == "region":
        return Organisation.objects.filter(commune__region_id=territory.pk)
    departement_id = territory.pk if territory.kind == "departement" else territory.departement_id
    if departement_id is None:
        return Organisation.objects.filter(commune_id=territory.pk)
    return Organisation.objects.filter(commune__departement_id=departement_id)


def link(apps, schema_editor):
    from alliances.core.text import normalize

    Organisation = apps.get_model("actors", "Organisation")
    Alliance = apps.get_model("partnerships", "Alliance")
    models = [apps.get_model("partnerships", name) for name in ("Membership", "Invitation", "JoinRequest")]
    for alliance in Alliance.objects.select_related("territory").iterator():
        scope = _scope(Organisation, alliance.territory)
        found: dict[str, int | None] = {}

        def match(name: str):
            if name not in found:
                ids = list(scope.filter(name__iexact=name.strip()).values_list("pk", flat=True)[:2]) if name.strip() else []
                found[name] = ids[0] if len(ids) == 1 else None
            return found[name]

        changed = []
        if alliance.lead_organisation_id is None and match(alliance.lead_organisation_name):
            alliance.lead_organisation_id = match(alliance.lead_organisation_name)
            changed.append("lead_organisation")
        if not alliance.fragilities and alliance.themes:
            text = normalize(alliance.themes)
            alliance.fragilities = sorted({value for word, value in FRAGILITY_WORDS.items() if word in text})
            changed.append("fragilities")
        if changed:
            alliance.save(update_fields=changed)
        for model in models:
            for row in model.objects.filter(alliance=alliance, organisation__isnull=True):
                pk = match(row.organisation_name)
                if pk:
                    model.objects.filter(pk=row.pk).update(organisation_id=pk)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_organisations_of_directory"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
