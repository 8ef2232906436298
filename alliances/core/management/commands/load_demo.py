"""Load the clearly labelled demo content (never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alliances.core.demo import demo_load


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (fictif, signalé comme tel) ; idempotent."

    def handle(self, *args, **options):
        if not settings.ALLIANCES_DEMO:
            raise CommandError("Le contenu de démonstration est désactivé sur cette instance (ALLIANCES_DEMO=false).")
        counts = demo_load()
        detail = ", ".join(f"{label} : {n}" for label, n in counts.items()) or "aucun module"
        self.stdout.write(self.style.SUCCESS(f"Contenu de démonstration à jour ({detail})."))
