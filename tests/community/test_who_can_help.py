"""« Qui peut m'aider ? »: the service (who_can_help) and its page. Embedded engine in a tmp dir."""

import pytest
from django.urls import reverse
from django.utils import translation

from community import selectors
from community.selectors import help_keywords, who_can_help
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, SearchUnavailable
from search.indexing import rebuild
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db

URL = reverse("community:who_can_help")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def peer(first_name, last_name, *, region="occitanie", metiers=("gestion-d-un-lieu",),
         skills=(), email=None, **profile_fields):
    extra = {"email": email} if email else {}
    user = MemberFactory(
        first_name=first_name, last_name=last_name, onboarded__region=region,
        onboarded__metiers=list(metiers), onboarded__skills=list(skills), **extra,
    )
    profile = user.profile
    profile.organisation = profile_fields.pop("organisation", f"Association {last_name}")
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    profile.save()
    return user


@pytest.fixture
def asker(db):
    """Marc, in Bretagne, accompagnement; he lists the skill he asks about, to test exclusion."""
    return peer("Marc", "Demandeur", region="bretagne", metiers=["accompagnement"],
                skills=["Tiers-lieux"], can_help_with="Les tiers-lieux en milieu rural.")


@pytest.fixture
def in_english(as_user, settings):
    """A client in English (the interface is French unless a person switches)."""

    def client(user):
        browser = as_user(user)
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return browser

    return client


def ids(suggestions) -> list[int]:
    return [suggestion.id for suggestion in suggestions]


# --- the service -----------------------------------------------------------------------------


def test_the_asker_is_never_suggested(asker):
    others = [peer(f"Pair{i}", f"Lieu{i}", skills=["Tiers-lieux"]) for i in range(3)]
    rebuild("members")
    for limit in (1, 3, 8):
        found = who_can_help(asker=asker, text="tiers-lieux en milieu rural",
                             tags=["Tiers-lieux"], limit=limit)
        assert asker.pk not in ids(found)
        assert len(found) == min(limit, len(others))


def test_members_listing_a_wanted_skill_rank_first(asker):
    holder = peer("Tina", "Tiers", skills=["Tiers-lieux"], bio="Je coordonne une friche.")
    talker = peer("Fanny", "Financement", skills=["Ingénierie territoriale"],
                  can_help_with="Le financement des tiers-lieux et de leurs projets.")
    peer("Rémi", "Rien", skills=["Open Badges"], bio="Rien à voir.")
    rebuild("members")
    found = who_can_help(asker=asker, text="Trouver un financement", tags=["tiers-lieux"])
    assert ids(found)[:2] == [holder.pk, talker.pk]
    assert [s.rank for s in found] == list(range(1, len(found) + 1))
    assert found[0].score > found[1].score
    assert "Skill: Tiers-lieux" in found[0].reasons
    help_reason = next(r for r in found[1].reasons if r.startswith("Can help with: "))
    assert f"{HIGHLIGHT_START}financement{HIGHLIGHT_END}" in help_reason


def test_skills_match_without_case_or_accents(asker):
    holder = peer("Mélanie", "Mécène", skills=["Mécénat de compétences"])
    rebuild("members")
    found = who_can_help(asker=asker, text="", tags=["MECENAT de competences"])
    assert ids(found) == [holder.pk]
    assert found[0].reasons[0] == "Skill: Mécénat de compétences"


def test_same_region_weighs_a_little(asker):
    far = peer("Anne", "Loin", region="occitanie", metiers=["gestion-d-un-lieu"],
               skills=["Facilitation"])
    near = peer("Anne", "Proche", region="bretagne", metiers=["gestion-d-un-lieu"],
                skills=["Facilitation"])
    rebuild("members")
    found = who_can_help(asker=asker, text="", tags=["Facilitation"])
    assert ids(found) == [near.pk, far.pk]
    assert "Same region" in found[0].reasons
    assert "Same region" not in found[1].reasons


def test_shared_trade_is_a_reason(asker):
    colleague = peer("Paul", "Pair", metiers=["accompagnement"], skills=["Facilitation"])
    rebuild("members")
    (found,) = who_can_help(asker=asker, text="", tags=["Facilitation"])
    assert found.id == colleague.pk
    assert "Trade: Support" in found.reasons


def test_words_of_the_need_without_any_skill(asker):
    mentions = peer("Béa", "Bio", skills=["Open Badges"],
                    can_help_with="La mobilité solidaire en zone rurale.")
    rebuild("members")
    found = who_can_help(
        asker=asker, text="Bonjour, j'ai besoin d'aide sur la mobilité solidaire", tags=[]
    )
    assert ids(found) == [mentions.pk]
    assert any(reason.startswith("Can help with: ") and HIGHLIGHT_START in reason
               for reason in found[0].reasons)


def test_trade_and_region_narrow_the_search(asker):
    peer("Odile", "Occitane", region="occitanie", skills=["Facilitation"])
    breton = peer("Bleuenn", "Bretonne", region="bretagne", skills=["Facilitation"])
    rebuild("members")
    found = who_can_help(asker=asker, text="", tags=["Facilitation"], region="bretagne")
    assert ids(found) == [breton.pk]
    assert who_can_help(asker=asker, text="", tags=["Facilitation"],
                        metier="dialogue-territorial") == []


def test_nothing_to_search_gives_nothing(asker):
    rebuild("members")
    assert who_can_help(asker=asker, text="", tags=[]) == []
    assert who_can_help(asker=asker, text="  le la les de ", tags=["  "]) == []


def test_keywords_drop_stop_words_and_request_words():
    words = help_keywords("Bonjour ! J'ai besoin d'aide pour l'évaluation d'impact d'un tiers-lieu")
    assert set(words) == {"évaluation", "impact", "tiers-lieu"}
    assert len(help_keywords(" ".join(f"mot{i}xx" for i in range(50)))) == 6


# --- the page --------------------------------------------------------------------------------


def test_page_shows_suggestions_with_reasons_and_contact(in_english, asker):
    shown = peer("Gaëlle", "Courriel", skills=["Tiers-lieux"], show_email=True,
                 email="gaelle@exemple.fr")
    hidden = peer("Hervé", "Discret", skills=["Tiers-lieux"], show_email=False)
    rebuild("members")
    response = in_english(asker).get(URL, {"text": "ouvrir un lieu", "tags": "Tiers-lieux"})
    assert response.status_code == 200
    body = response.content.decode()
    assert set(ids(response.context["suggestions"])) == {shown.pk, hidden.pk}
    assert "mailto:gaelle@exemple.fr" in body
    assert f'{reverse("community:member_detail", args=[hidden.pk])}#contact' in body
    assert "Skill: Tiers-lieux" in body
    assert "Marc Demandeur" not in body.split('id="help-results"')[1]
    assert HIGHLIGHT_START not in body and HIGHLIGHT_END not in body


def test_empty_form_is_shown_without_results(as_user, asker):
    response = as_user(asker).get(URL)
    assert response.status_code == 200
    assert response.context["searched"] is False
    assert 'data-skill-target="id_tags"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"text": "", "tags": ""},
        {"text": "x" * 10_000},
        {"text": "financement " * 900},
        {"tags": ",".join(f"compétence {i}" for i in range(30))},
        {"tags": "a" * 200},
        {"text": "\x00\u200b\ue000 tiers-lieux \ue001", "metier": "nope", "region": "atlantis"},
        {"text": "*:() AND OR \"\" ~2 ^3 [a TO z] -- ' ; DROP TABLE"},
    ],
)
def test_bad_input_never_breaks_the_page(as_user, asker, params):
    rebuild("members")
    response = as_user(asker).get(URL, params)
    assert response.status_code == 200
    assert response.context["suggestions"] == []


def test_engine_down_shows_a_clear_message(in_english, asker, monkeypatch):
    def down(*args, **kwargs):
        raise SearchUnavailable("engine down")

    monkeypatch.setattr(selectors, "search_index", down)
    response = in_english(asker).get(URL, {"text": "financement"})
    assert response.status_code == 200
    assert response.context["unavailable"] is True
    assert "The search is unavailable for a moment" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "applicant"])
def test_only_members_may_ask(as_user, who):
    user = None if who == "anonymous" else ApplicantFactory()
    response = as_user(user).get(URL, {"text": "financement"})
    assert response.status_code == 302
    expected = reverse("account_login") if user is None else reverse(
        "community:application_status"
    )
    assert response["Location"].startswith(expected)


def test_post_is_not_allowed(as_user, asker):
    assert as_user(asker).post(URL, {"text": "financement"}).status_code == 405


def test_home_page_links_to_the_page(as_user, asker):
    response = as_user(asker).get(reverse("community:home"))
    assert f'href="{URL}"' in response.content.decode()


# --- what members offer, weighed by rarity (issue 12) -----------------------------------------


def test_members_looking_for_the_same_help_are_not_suggested(asker):
    helper = peer("Hugo", "Aidant", skills=["Open Badges"],
                  can_help_with="Financer un tiers-lieu par le mécénat.")
    peer("Lise", "Cherche", skills=["Open Badges"],
         looking_for="Quelqu'un pour financer notre tiers-lieu par le mécénat.",
         bio="Nous ouvrons un tiers-lieu et cherchons du mécénat.")
    rebuild("members")
    found = who_can_help(asker=asker, text="financer un tiers-lieu par le mécénat", tags=[])
    assert ids(found) == [helper.pk]
    assert any(reason.startswith("Can help with: ") for reason in found[0].reasons)


def test_the_rare_word_of_a_need_outweighs_the_common_ones(asker):
    common = [
        peer(f"Com{i}", f"Mun{i}", skills=["Partenariats"],
             can_help_with="Nouer des partenariats avec les entreprises du territoire.")
        for i in range(6)
    ]
    rare = peer("Rita", "Rare", skills=["Open Badges"],
                can_help_with="Ouvrir une ressourcerie.")
    rebuild("members")
    weights = selectors.rare_keywords(asker, "partenariats entreprises ressourcerie")
    assert max(weights, key=weights.get) == "ressourcerie"
    assert weights["ressourcerie"] > 2 * weights["partenariats"]
    found = who_can_help(
        asker=asker, text="Des partenariats avec des entreprises pour notre ressourcerie",
        tags=[],
    )
    assert ids(found)[0] == rare.pk
    assert set(ids(found)) == {rare.pk, *(member.pk for member in common)}
    assert all(suggestion.reasons for suggestion in found)  # each one says why


def test_a_word_nobody_offers_is_left_out(asker):
    peer("Rita", "Rare", skills=["Open Badges"], can_help_with="Ouvrir une ressourcerie.")
    rebuild("members")
    assert list(selectors.rare_keywords(asker, "ressourcerie xylophonique")) == ["ressourcerie"]
