"""Send the alert digests of one frequency now (what the periodic scheduler runs), or enqueue it."""

from django.core.management.base import BaseCommand

from alliances.alerts.enums import Frequency
from alliances.alerts.services import digests_send
from alliances.alerts.tasks import send_digests

FREQUENCIES = {"immediate": Frequency.IMMEDIATE, "daily": Frequency.DAILY, "weekly": Frequency.WEEKLY}


class Command(BaseCommand):
    help = (
        "Envoie les résumés d'alertes d'une fréquence (un courriel par personne et par période) ; "
        "une période déjà envoyée ne l'est pas deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=sorted(FREQUENCIES), help="immediate, daily, weekly")
        parser.add_argument(
            "--enqueue", action="store_true", help="Confier l'envoi au travailleur de tâches au lieu de l'exécuter ici."
        )

    def handle(self, *args, frequency: str, enqueue: bool = False, **options):
        if enqueue:
            result = send_digests.enqueue(FREQUENCIES[frequency])
            self.stdout.write(self.style.SUCCESS(f"Envoi confié au travailleur de tâches ({result.id})."))
            return
        report = digests_send(frequency=FREQUENCIES[frequency])
        if report.already_sent:
            self.stdout.write(f"Période {report.period} déjà envoyée : rien à faire.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Période {report.period} : {report.digests} résumé(s) envoyé(s) à {report.people} personne(s) suivie(s), "
                f"{report.items} nouveauté(s), {report.searches} recherche(s) distincte(s), {report.failures} échec(s)."
            )
        )
