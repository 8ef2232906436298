"""Build again the indexes that an interrupted bulk import left dropped (see core.deferred_indexes)."""

from django.core.management.base import BaseCommand

from alliances.core.deferred_indexes import restore_indexes


class Command(BaseCommand):
    help = (
        "Reconstruit les index supprimés le temps d'un gros import et laissés absents par un import "
        "interrompu (le prochain import le fait aussi de lui-même)."
    )

    def handle(self, *args, **options):
        restored = restore_indexes()
        if restored:
            self.stdout.write(self.style.SUCCESS(f"Index reconstruits : {', '.join(restored)}."))
        else:
            self.stdout.write("Aucun index à reconstruire.")
