"""The network's vocabulary (search/vocabulary.json + admin entries) and how it reaches the
members index: synonyms both ways or one way, acronyms, request words, changes without a
deploy."""

import pytest
from django.urls import reverse

from community.search_indexes import indexable_members, member_document
from search.backends import get_backend
from search.indexing import ensure_configured
from search.models import VocabularyEntry
from search.query import search_index
from search.registry import get_index
from search.vocabulary import Vocabulary
from tests.factories import MemberFactory


@pytest.fixture
def vocabulary():
    return Vocabulary.from_file()


def test_the_file_covers_the_field(vocabulary):
    assert len(vocabulary.groups) + len(vocabulary.one_way) >= 60
    acronyms = set(vocabulary.acronyms())
    assert {"epci", "ess", "scic", "siae", "ptce", "ami", "aap", "crte", "pat", "cls",
            "iae"} <= acronyms
    assert "tiers-lieu" not in acronyms


def test_groups_are_mutual_and_one_way_is_not(vocabulary):
    synonyms = vocabulary.synonyms()
    assert "appel à manifestation d'intérêt" in synonyms["ami"]
    assert "ami" in synonyms["appel à manifestation d'intérêt"]
    assert "epci" in synonyms["collectivité"]
    assert "communauté de communes" in synonyms["collectivité"]  # the narrow word's forms too
    assert "collectivité" not in synonyms.get("epci", [])
    assert "mairie" not in synonyms["epci"] and "commune" not in synonyms["epci"]
    assert "ami" in synonyms["appel à projets"] and "aap" not in synonyms["ami"]


def test_members_index_takes_the_vocabulary(db):
    settings = get_index("members").effective_settings()
    assert settings.synonyms["fab lab"] == ["fablab", "fablabs", "fab labs"]
    assert "ess" in settings.exact_words
    assert {"cherche", "quelqu", "besoin"} <= set(settings.stop_words)
    assert settings.matching_strategy == "frequency"


def _member_with(skill: str):
    member = MemberFactory(onboarded__skills=[skill])
    member.profile.organisation = "Association Les Possibles"
    member.profile.save()
    return member


def _found(user, query: str) -> set[int]:
    return {int(hit.id) for hit in search_index("members", user=user, query=query).hits}


def test_an_admin_entry_applies_without_a_deploy(
    db, member, django_capture_on_commit_callbacks
):
    gardener = _member_with("Permaculture")
    ensure_configured("members")
    get_backend().index("members", [member_document(m) for m in indexable_members()])
    assert gardener.pk not in _found(member, "agroécologie")

    with django_capture_on_commit_callbacks(execute=True):
        entry = VocabularyEntry.objects.create(
            kind=VocabularyEntry.Kind.GROUP, head="agroécologie", forms="permaculture"
        )
    assert gardener.pk in _found(member, "agroécologie")
    assert gardener.pk in _found(member, "permaculture")

    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()
    assert gardener.pk not in _found(member, "agroécologie")


def test_an_inactive_admin_entry_removes_the_files_group(
    db, member, django_capture_on_commit_callbacks
):
    maker = _member_with("Fablab")
    ensure_configured("members")
    get_backend().index("members", [member_document(m) for m in indexable_members()])
    assert maker.pk in _found(member, "fab lab")

    with django_capture_on_commit_callbacks(execute=True):
        VocabularyEntry.objects.create(
            kind=VocabularyEntry.Kind.GROUP, head="fablab", active=False
        )
    assert maker.pk not in _found(member, "fab lab")
    assert maker.pk in _found(member, "fablab")


def test_an_admin_one_way_entry_replaces_the_files(db):
    VocabularyEntry.objects.create(
        kind=VocabularyEntry.Kind.ONE_WAY, head="collectivité", forms="commune, mairie"
    )
    synonyms = get_index("members").effective_settings().synonyms
    assert "epci" not in synonyms["collectivité"]
    assert synonyms["collectivité"][:2] == ["commune", "mairie"]


def test_keys_also_come_without_their_stop_words(vocabulary):
    """Meilisearch matches synonym keys to the query's words once its stop words are gone."""
    synonyms = vocabulary.synonyms()
    assert synonyms["appel projets"] == synonyms["appel à projets"]
    assert "iae" in synonyms["insertion activité économique"]


def test_admins_edit_the_vocabulary_in_the_admin(
    as_user, admin_user, member, django_capture_on_commit_callbacks
):
    gardener = _member_with("Permaculture")
    ensure_configured("members")
    get_backend().index("members", [member_document(m) for m in indexable_members()])
    browser = as_user(admin_user)
    assert browser.get(reverse("admin:search_vocabularyentry_changelist")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(reverse("admin:search_vocabularyentry_add"), {
            "kind": "group", "head": "agroécologie", "forms": "permaculture", "active": "on",
        })
    assert response.status_code == 302
    assert gardener.pk in _found(member, "agroécologie")
