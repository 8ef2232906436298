"""Taking the self-assessment through HTTP: start, answer (htmx and plain forms), finish, results, PDF."""

import re

import pytest
from django.urls import reverse

from alliances.assessment.models import Answer, Assessment
from alliances.assessment.selectors import referential_current
from tests.assessment.factories import UserFactory, all_answers, commune, completed_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _answer_axis(client, assessment, slug, level="2", **extra):
    axis = referential_current().parsed.axis(slug)
    data = {q.id: level for q in axis.questions}
    data.update(extra)
    return client.post(reverse("assessment:axis", args=[assessment.pk, slug]), data)


def test_home_presents_the_six_axes_and_invites_to_sign_in(client):
    html = client.get("/autodiagnostic/").content.decode()
    assert "Connaissance partagée du territoire" in html and "Évaluation, capitalisation et Agenda 2030" in html
    assert "connectez-vous" in html


def test_referential_page_describes_every_level(client):
    html = client.get(reverse("assessment:referential")).content.decode()
    assert 'id="axe-ressources"' in html
    assert html.count("<dt>Structuration</dt>") == 24


def test_start_requires_sign_in(client):
    response = client.get(reverse("assessment:start"))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_start_field_is_the_territory_combobox_of_communes_and_epci(client, member):
    """The start page writes its field by hand: it must still carry the autocomplete (it did not)."""
    html = client.get(reverse("assessment:start")).content.decode()
    field = re.search(r'<input type="text" name="territoire"[^>]*>', html).group(0)
    assert f'data-territory-autocomplete="{reverse("territories:autocomplete")}"' in field
    assert 'data-territory-kinds="commune,epci"' in field and 'autocomplete="off"' in field


def test_start_by_insee_code_then_resume_where_one_stopped(client, member):
    response = client.post(reverse("assessment:start"), {"territoire": "48095", "mode": "seul"})
    assessment = Assessment.objects.get()
    assert assessment.territory.name == "Mende" and assessment.created_by == member
    assert response["Location"] == assessment.get_absolute_url()
    # Resume: the first axis with an unanswered question.
    assert client.get(assessment.get_absolute_url())["Location"].endswith("/axe/connaissance/")
    _answer_axis(client, assessment, "connaissance")
    assert client.get(assessment.get_absolute_url())["Location"].endswith("/axe/mobilisation/")


def test_ambiguous_name_offers_a_choice_and_unknown_name_says_what_to_fix(client, member):
    html = client.post(reverse("assessment:start"), {"territoire": "Saint-Martin", "mode": "seul"}).content.decode()
    assert "Plusieurs territoires correspondent" in html and 'value="commune:65392"' in html
    # An exact name that only one commune bears resolves without choosing.
    response = client.post(reverse("assessment:start"), {"territoire": "Saint-Étienne", "mode": "seul"})
    assert response.status_code == 302
    html = client.post(reverse("assessment:start"), {"territoire": "Zzyzx-sur-Rien", "mode": "seul"}).content.decode()
    assert "Aucune commune ni intercommunalité ne correspond" in html
    html = client.post(reverse("assessment:start"), {"territoire": "", "mode": "seul"}).content.decode()
    assert "Indiquez la commune" in html
    assert Assessment.objects.count() == 1


def test_territory_page_link_prefills_the_form(client, member):
    html = client.get(reverse("assessment:start"), {"territoire": "commune:48095"}).content.decode()
    assert 'value="Mende (48095)"' in html


def test_full_questionnaire_without_javascript(client, member):
    client.post(reverse("assessment:start"), {"territoire": "48095", "mode": "seul"})
    assessment = Assessment.objects.get()
    slugs = [axis.slug for axis in referential_current().parsed.axes]
    for position, slug in enumerate(slugs):
        response = _answer_axis(
            client, assessment, slug, level="nsp" if slug == "evaluation" else str(1 + position % 4)
        )
        expected = (
            reverse("assessment:axis", args=[assessment.pk, slugs[position + 1]])
            if position + 1 < len(slugs)
            else reverse("assessment:take", args=[assessment.pk])
        )
        assert response["Location"] == expected
    assert Answer.objects.count() == 24
    assert Answer.objects.filter(level__isnull=True).count() == 4
    summary = client.get(assessment.get_absolute_url())
    assert "Terminer et voir les résultats" in summary.content.decode()
    response = client.post(reverse("assessment:complete", args=[assessment.pk]))
    assert response["Location"] == assessment.get_results_url()
    assessment.refresh_from_db()
    assert assessment.is_completed and assessment.scores["connaissance"] == 0 and "evaluation" not in assessment.scores


def test_answers_are_saved_as_they_go_with_htmx(client, member):
    client.post(reverse("assessment:start"), {"territoire": "48095", "mode": "seul"})
    assessment = Assessment.objects.get()
    response = client.post(
        reverse("assessment:answer", args=[assessment.pk]), {"gouvernance.regles": "3"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "1 question sur 24" in response.content.decode()
    assert Answer.objects.get().level == 3
    client.post(
        reverse("assessment:answer", args=[assessment.pk]), {"gouvernance.regles": "nsp", "gouvernance.roles": "9"}
    )
    assert Answer.objects.get().level is None  # changed, not duplicated; the invalid value is ignored
    html = client.get(reverse("assessment:axis", args=[assessment.pk, "gouvernance"])).content.decode()
    assert re.search(r'name="gouvernance.regles" value="nsp" checked', html)


def test_finishing_with_missing_answers_says_how_many_and_goes_back(client, member):
    client.post(reverse("assessment:start"), {"territoire": "48095", "mode": "seul"})
    assessment = Assessment.objects.get()
    _answer_axis(client, assessment, "connaissance")
    response = client.post(reverse("assessment:complete", args=[assessment.pk]), follow=True)
    assert "Il reste 20 question(s) sans réponse" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/axe/mobilisation/")
    assert not Assessment.objects.get().is_completed


def test_results_show_radar_table_weak_points_and_recommendations_with_reasons(client, member):
    answers = {"ressources.financements": 1, "ressources.catalyse": 1, "evaluation.odd": 1, "gouvernance.regles": 2}
    assessment = completed_assessment(commune("48095"), level=3, answers=answers, by=member)
    response = client.get(assessment.get_results_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="chart-svg chart-radar" role="img"' in html
    # SVG coordinates are never localised (a French "210,0" would break the drawing).
    svg = html.split('class="chart-svg chart-radar"')[1].split("</svg>")[0]
    assert re.findall(r'(?:x|y|x2|y2)="\d+\.\d+"', svg) and not re.search(r'="\d+,\d+"', svg)
    assert svg.count("axis-label") == 6
    assert "<caption>Scores par axe (de 0 à 100)" in html
    assert "Vos trois points les plus faibles" in html
    assert "Les projets communs sont-ils financés par plusieurs sources ?" in html
    assert "Prochaine marche" in html
    assert 'data-testid="overall-level">Structuration<' in html
    reco = html.split('data-testid="recommendations"')[1].split("</ul>")[0]
    links = re.findall(r'<a href="([^"]+)"', reco)
    assert len(links) >= 3
    assert reco.count('class="reason"') == len(links)
    for link in links:  # every recommendation leads to a page that exists
        assert client.get(link.split("#")[0]).status_code == 200, link


def test_recommendations_skip_sections_that_do_not_exist(client, member):
    assessment = completed_assessment(commune("48095"), level=2, by=member)
    html = client.get(assessment.get_results_url()).content.decode()
    from django.urls import NoReverseMatch

    for name, prefix in [
        ("resources:list", "/ressources/"),
        ("practices:list", "/pratiques/"),
        ("catalysts:list", "/catalyseurs/"),
    ]:
        try:
            reverse(name)
        except NoReverseMatch:
            assert f'href="{prefix}' not in html


def test_results_are_private_unless_public(client, member):
    assessment = completed_assessment(commune("48095"))
    assert client.get(assessment.get_results_url()).status_code == 404
    assert client.get(reverse("assessment:results_pdf", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("assessment:axis", args=[assessment.pk, "connaissance"])).status_code == 404
    Assessment.objects.filter(pk=assessment.pk).update(is_public=True)
    assert client.get(assessment.get_results_url()).status_code == 200


def test_only_the_creator_changes_visibility(client, member):
    assessment = completed_assessment(commune("48095"), by=member)
    client.post(reverse("assessment:visibility", args=[assessment.pk]), {"is_public": "1"})
    assessment.refresh_from_db()
    assert assessment.is_public


def test_pdf_of_the_results(client, member):
    assessment = completed_assessment(commune("48095"), by=member)
    response = client.get(reverse("assessment:results_pdf", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="autodiagnostic-48095-' in response["Content-Disposition"]


def test_group_members_answer_each_and_see_agreement(client, member):
    client.post(reverse("assessment:start"), {"territoire": "48095", "mode": "groupe"})
    assessment = Assessment.objects.get()
    for slug in [axis.slug for axis in referential_current().parsed.axes]:
        _answer_axis(client, assessment, slug, level="2")
    html = client.get(assessment.get_absolute_url()).content.decode()
    join_url = reverse("assessment:join", args=[assessment.pk, assessment.invite_token])
    assert join_url in html
    client.post(reverse("assessment:complete", args=[assessment.pk]))

    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("assessment:join", args=[assessment.pk, "mauvais"])).status_code == 404
    assert "Rejoindre" in client.get(join_url).content.decode()
    assert client.post(join_url)["Location"] == assessment.get_absolute_url()
    for slug in [axis.slug for axis in referential_current().parsed.axes]:
        _answer_axis(client, assessment, slug, level="4" if slug == "gouvernance" else "2")
    client.post(reverse("assessment:complete", args=[assessment.pk]))

    html = client.get(assessment.get_results_url()).content.decode()
    assert "Accords et désaccords entre les membres" in html
    assert '<span class="disagree">Désaccord</span>' in html
    assert html.count('<span class="agree">Accord</span>') == 5
    assert member.public_name in html and other.public_name in html
    assert member.email not in html and other.email not in html


def test_comparison_with_the_previous_assessment_of_the_territory(client, member):
    mende = commune("48095")
    completed_assessment(mende, level=1, by=member)
    latest = completed_assessment(
        mende,
        level=2,
        answers={"gouvernance.regles": 1, **{q: 1 for q in all_answers(1) if q.startswith("gouvernance.")}},
        by=member,
    )
    html = client.get(latest.get_results_url()).content.decode()
    assert "Ce qui a progressé depuis le" in html
    assert "Connaissance partagée du territoire</strong> : 0 → 33 (+33 points)" in html
    assert "Gouvernance partagée et pilotage</strong>" not in html.split("Ce qui a progressé")[1].split("</section>")[0]
    assert "Diagnostic précédent" in html


def _old_account():
    from tests.assessment.test_peer_benchmark import old_account

    return old_account()


def test_peer_benchmark_appears_from_five_comparable_territories(client, member):
    # Small communes of Lozère (Occitanie), all under 500 inhabitants.
    target = completed_assessment(commune("48081"), level=2, by=member)
    peers = ["48148", "48089", "48050", "48155", "48194"]
    # Only accounts older than 30 days count among peers (tests/assessment/test_peer_benchmark.py).
    for code in peers[:4]:
        completed_assessment(commune(code), level=3, by=_old_account())
    # A second assessment of the same peer does not count twice.
    completed_assessment(commune("48148"), level=4, by=_old_account())
    # Not comparable: larger (Mende), or elsewhere.
    completed_assessment(commune("48095"), level=4, by=_old_account())
    html = client.get(target.get_results_url()).content.decode()
    assert "Médiane des territoires comparables" not in html
    assert "dès que 5 autres territoires" in html
    completed_assessment(commune(peers[4]), level=1, by=_old_account())
    html = client.get(target.get_results_url()).content.decode()
    assert "médiane de 5 communes de moins de 500 habitants en Occitanie" in html


def test_my_assessments_on_home_with_bounded_queries(client, member, django_assert_max_num_queries):
    for code in ["48095", "48081", "48148"]:
        completed_assessment(commune(code), by=member)
    with django_assert_max_num_queries(8):
        html = client.get("/autodiagnostic/").content.decode()
    assert "Mes autodiagnostics" in html and html.count("Résultats disponibles") == 3


def test_results_page_queries_are_bounded(client, member, django_assert_max_num_queries):
    assessment = completed_assessment(commune("48095"), by=member)
    completed_assessment(commune("48095"), by=member)
    with django_assert_max_num_queries(20):
        response = client.get(assessment.get_results_url())
    html = response.content.decode()
    assert response.status_code == 200 and "Résultats de l'autodiagnostic de Mende" in html
    assert "Scores par axe" in html and "Vos trois points les plus faibles" in html
