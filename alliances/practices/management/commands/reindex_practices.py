"""Rewrite the facet tags and search documents of every published practice."""

from django.core.management.base import BaseCommand

from alliances.practices.search import reindex_practices


class Command(BaseCommand):
    help = (
        "Réindexe les pratiques publiées (étiquettes de facettes et recherche plein texte) : à lancer après "
        "l'import de la grille communale de densité ou d'un nouveau référentiel des territoires."
    )

    def handle(self, *args, **options):
        count = reindex_practices()
        self.stdout.write(self.style.SUCCESS(f"{count} pratique(s) publiée(s) réindexée(s)."))
