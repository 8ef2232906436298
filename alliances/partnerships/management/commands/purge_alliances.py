"""Delete for good the alliances deleted more than 30 days ago (to run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from alliances.partnerships.services import alliances_purge_deleted


class Command(BaseCommand):
    help = "Efface définitivement les alliances supprimées depuis plus de 30 jours (délai de restauration dépassé)."

    def handle(self, *args, **options):
        count = alliances_purge_deleted()
        self.stdout.write(f"{count} alliance(s) supprimée(s) depuis plus de 30 jours effacée(s) définitivement.")
