"""Values the members index sends that Meilisearch compares differently from the embedded engine
(docs/operations.md, "Search indexes"): filter and facet values compared without regard to case,
text sorted by its bytes. The documents avoid both, so that both engines answer alike."""

import pytest

from community.search_indexes import member_document
from community.services.profiles import profile_update
from search.documents import sort_text
from search.indexing import rebuild
from search.query import search_index
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_sortable_names_are_folded():
    member = MemberFactory(first_name="Émilie", last_name="Éluard")
    assert member_document(member)["name_sort"] == "eluard emilie"
    assert sort_text("Ève Œuvre") == "eve œuvre"


def test_names_with_accents_sort_among_their_letter(member):
    for first, last in [("Zoé", "Zola"), ("Émile", "Étienne"), ("Anne", "Dupont")]:
        MemberFactory(first_name=first, last_name=last)
    rebuild("members")
    hits = search_index("members", user=member, sort=["name_sort:asc"], limit=10).hits
    assert [h.document["name_sort"].split()[0] for h in hits] == [
        "dupont", "etienne", "membre", "zola"]


def test_a_skill_has_one_spelling_whatever_the_case(member, other_member):
    """Meilisearch would merge "Budget participatif" and "budget participatif" in its facet
    counts and filters; taggit (TAGGIT_CASE_INSENSITIVE) never stores the second spelling."""
    profile_update(actor=member, profile=member.profile,
                   changes={"skills": ["Budget participatif"]})
    profile_update(actor=other_member, profile=other_member.profile,
                   changes={"skills": ["budget PARTICIPATIF"]})
    rebuild("members")
    results = search_index("members", user=member, facets=["skills"])
    assert results.facets["skills"] == {"Budget participatif": 2}
    filtered = search_index("members", user=member, filters={"skills": ["Budget participatif"]})
    assert {h.id for h in filtered.hits} == {str(member.pk), str(other_member.pk)}
