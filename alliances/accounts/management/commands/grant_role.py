"""Give (or take back) a platform role to a user, e.g. the first administrator."""

from django.core.management.base import BaseCommand, CommandError

from alliances.accounts.enums import Role
from alliances.accounts.models import User
from alliances.accounts.services import role_grant, role_revoke


class Command(BaseCommand):
    help = "Attribue un rôle (membre, catalyseur, moderateur, administrateur) à un utilisateur."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--retirer", action="store_true", help="retirer le rôle au lieu de l'attribuer")

    def handle(self, *args, email, role, retirer, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist as error:
            raise CommandError(f"Aucun utilisateur avec l'adresse {email}.") from error
        (role_revoke if retirer else role_grant)(user=user, role=Role(role))
        self.stdout.write(self.style.SUCCESS(f"Rôle « {role} » {'retiré à' if retirer else 'attribué à'} {email}."))
