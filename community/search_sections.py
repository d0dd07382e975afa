"""Members in the global search (search/everywhere.py): the members index as the directory's
peer search reads it (community/peer_search.py), its cards' marked name, organisation and help."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from community.peer_search import _card_from_hit
from search.everywhere import Section, SectionHit, SectionResults, register_section
from search.query import search_index
from search.templatetags.search_tags import is_highlighted


def search_members_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    found = search_index("members", user=user, query=query, limit=limit, offset=offset)
    hits = []
    for hit in found.hits:
        card = _card_from_hit(hit)
        if not str(card["id"]).isdigit():
            continue
        marked_skills = [skill for skill in card["skills"] if is_highlighted(skill)]
        hits.append(SectionHit(
            title=card["marked_name"],
            url=reverse("community:member_detail", args=[int(card["id"])]),
            excerpt=card["marked_help"] or ", ".join(marked_skills),
            context=card["marked_organisation"],
        ))
    return SectionResults(hits=hits, total=found.total)


register_section(Section(key="membres", label=gettext_lazy("Members"), order=10,
                         search=search_members_section,
                         allowed=lambda user: getattr(user, "is_member", False)))
