"""The French command and option names of release 0.1 still work for one release, with a warning."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from alliances.assessment.models import Referential


@pytest.mark.django_db
def test_old_command_name_warns_then_runs_the_new_one():
    err = StringIO()
    call_command("load_autodiagnostic", stdout=StringIO(), stderr=err)
    assert "« load_autodiagnostic » est obsolète : utilisez « load_assessment »" in err.getvalue()
    assert Referential.objects.exists()


@pytest.mark.django_db
def test_old_option_warns_and_sets_the_new_one(capsys):
    user = get_user_model().objects.create_user("ancien@exemple.fr")
    call_command("grant_role", user.email, "moderateur", stdout=StringIO())
    assert Group.objects.filter(name="moderateur", user=user).exists()
    call_command("grant_role", user.email, "moderateur", "--retirer", stdout=StringIO())
    assert "--retirer est obsolète : utilisez --remove." in capsys.readouterr().err
    assert not Group.objects.filter(name="moderateur", user=user).exists()
