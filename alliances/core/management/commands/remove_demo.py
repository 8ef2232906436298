"""Remove every demo item in one command."""

from django.core.management.base import BaseCommand

from alliances.core.demo import demo_remove


class Command(BaseCommand):
    help = "Supprime tout le contenu de démonstration."

    def handle(self, *args, **options):
        counts = demo_remove()
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"{total} élément(s) de démonstration supprimé(s)."))
