"""Give (or take back) a platform role to a user, e.g. the first administrator."""

from django.core.management.base import BaseCommand, CommandError

from alliances.accounts.enums import Role
from alliances.accounts.models import User
from alliances.accounts.services import role_grant, role_revoke
from alliances.core.commands import add_deprecated_option


class Command(BaseCommand):
    help = "Attribue un rôle (membre, catalyseur, moderateur, administrateur) à un utilisateur."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--remove", action="store_true", help="retirer le rôle au lieu de l'attribuer")
        add_deprecated_option(parser, "--retirer", new="--remove")

    def handle(self, *args, email, role, remove, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist as error:
            raise CommandError(f"Aucun utilisateur avec l'adresse {email}.") from error
        (role_revoke if remove else role_grant)(user=user, role=Role(role))
        self.stdout.write(self.style.SUCCESS(f"Rôle « {role} » {'retiré à' if remove else 'attribué à'} {email}."))
