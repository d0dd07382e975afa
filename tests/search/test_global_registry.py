"""The global search's registry of sections (search/everywhere.py): the API other apps use."""

import pytest

from search import everywhere
from search.backends.base import SearchUnavailable
from search.everywhere import Section, SectionHit, SectionResults


@pytest.fixture
def isolated_sections(monkeypatch):
    """An empty registry for the test, the real one back afterwards."""
    monkeypatch.setattr(everywhere, "_sections", {})
    return everywhere


def _answer(hits: int, total: int):
    def search(user, query, *, limit, offset):
        found = [SectionHit(title=f"{query} {offset + n}", url=f"/x/{offset + n}/")
                 for n in range(min(hits, limit))]
        return SectionResults(hits=found, total=total)
    return search


def _down(user, query, *, limit, offset):
    raise SearchUnavailable("engine down")


def test_sections_come_in_their_order_and_only_where_allowed(isolated_sections):
    isolated_sections.register_section(Section(key="b", label="B", search=_answer(1, 1), order=20))
    isolated_sections.register_section(Section(key="a", label="A", search=_answer(1, 1), order=10))
    isolated_sections.register_section(Section(key="c", label="C", search=_answer(1, 1),
                                               order=5, allowed=lambda user: user == "admin"))
    assert [s.key for s in isolated_sections.sections_for("someone")] == ["a", "b"]
    assert [s.key for s in isolated_sections.sections_for("admin")] == ["c", "a", "b"]
    assert isolated_sections.get_section("zzz") is None


def test_registering_the_same_key_again_replaces_the_section(isolated_sections):
    isolated_sections.register_section(Section(key="a", label="Old", search=_answer(1, 1)))
    isolated_sections.register_section(Section(key="a", label="New", search=_answer(1, 1)))
    assert [str(s.label) for s in isolated_sections.all_sections()] == ["New"]


def test_search_everywhere_groups_hits_and_an_outage_empties_only_its_group(isolated_sections):
    isolated_sections.register_section(Section(key="a", label="A", search=_answer(5, 12)))
    isolated_sections.register_section(Section(key="down", label="Down", search=_down))
    groups = isolated_sections.search_everywhere("someone", "tiers", per_section=3)
    assert [(g.key, g.total, len(g.hits), g.unavailable) for g in groups] == [
        ("a", 12, 3, False), ("down", 0, 0, True)]
    assert isolated_sections.search_everywhere("someone", "", per_section=3) == []


def test_run_section_caps_the_offset(isolated_sections):
    section = Section(key="a", label="A", search=_answer(2, 10_000))
    group = isolated_sections.run_section(section, "someone", "q", limit=2, offset=10**9)
    assert group.hits[0].url == f"/x/{everywhere.MAX_OFFSET}/"
