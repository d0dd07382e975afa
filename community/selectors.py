"""Reads of the community app, shaped so that each page costs a constant number of queries."""

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from taggit.models import Tag

from community import taxonomy
from community.models import Application, Invitation, Metier, User, UserStatus
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START
from search.query import search_index
from search.stop_words import FRENCH_STOP_WORDS


def directory_members(*, metier: str = "", region: str = "") -> QuerySet[User]:
    """Approved members who completed their profile, for the directory (*Membres*)."""
    members = (
        User.objects.members()
        .filter(profile__onboarded_at__isnull=False)
        .select_related("profile")
        .prefetch_related(
            Prefetch("profile__metiers", queryset=Metier.objects.order_by("slug")),
            "profile__skills",
        )
        .order_by("last_name", "first_name", "pk")
    )
    if metier:
        members = members.filter(profile__metiers__slug=metier)
    if region == "none":
        members = members.filter(profile__region="")
    elif region:
        members = members.filter(profile__region=region)
    return members


def member_with_profile(member: User) -> User:
    return (
        User.objects.select_related("profile")
        .prefetch_related("profile__metiers", "profile__domains", "profile__skills")
        .get(pk=member.pk)
    )


def pending_applications() -> QuerySet[Application]:
    return (
        Application.objects.filter(status=Application.Status.PENDING)
        .select_related("user__profile")
        .prefetch_related("user__profile__metiers")
        .order_by("created_at")
    )


def recent_decisions(limit: int = 20) -> QuerySet[Application]:
    return (
        Application.objects.exclude(status=Application.Status.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:limit]
    )


def recent_invitations(limit: int = 50) -> QuerySet[Invitation]:
    return Invitation.objects.select_related("invited_by", "accepted_by").order_by("-created_at")[
        :limit
    ]


def newest_members(limit: int = 6) -> QuerySet[User]:
    return directory_members().order_by("-profile__onboarded_at")[:limit]


def suspended_members() -> QuerySet[User]:
    return User.objects.filter(status=UserStatus.SUSPENDED).select_related("profile").order_by(
        "last_name"
    )


def pending_application_count() -> int:
    return Application.objects.filter(status=Application.Status.PENDING).count()


# --- "Qui peut m'aider ?": members who can help with a need --------------------------------

HELP_CANDIDATES = 50  # hits read per search; the network has a few hundred members
HELP_MAX_TAGS = 5
HELP_MAX_KEYWORDS = 6
HELP_MAX_CANDIDATE_WORDS = 12  # words of a need whose rarity is measured
# What a member offers; never what they are looking for (they need the same help).
HELP_ATTRIBUTES = ["skills", "can_help_with"]
HELP_WEIGHT_SKILL = 5.0  # the member lists a requested skill
HELP_WEIGHT_TAG_TEXT = 2.0  # a requested skill appears elsewhere in their profile
HELP_WEIGHT_TEXT = 3.0  # all the words of the need, spread over its keywords
HELP_WEIGHT_ALL_WORDS = 1.5  # one profile has every keyword
HELP_BONUS_REGION = 0.5
HELP_BONUS_METIER = 0.25
HELP_SNIPPET = 90

# Words of a request that say nothing about its subject (compared folded).
_REQUEST_WORDS = {
    "aide", "aider", "aides", "besoin", "besoins", "cherche", "cherchons", "chercher",
    "recherche", "quelqu", "quelqu'un", "quelquun", "personne", "personnes", "conseil",
    "conseils", "comment", "merci", "bonjour", "svp", "idee", "idees", "avoir", "faire",
    "etre", "peut", "peux", "pouvoir", "voudrais", "souhaite", "souhaiterais", "aimerais",
    "help", "need", "looking", "someone", "would", "like", "with", "about", "the", "and",
    "for", "tres", "plus", "bien", "tout", "tous", "toute", "toutes", "notre", "nos",
}
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_MARKS = re.compile(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]")


@dataclass
class HelpSuggestion:
    """A member who may help, from the members index, and why."""

    document: dict[str, Any]
    score: float
    rank: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.document["id"])


def _fold(text: str) -> str:
    """Lowercase, no accents, words separated by single spaces: "Tiers-Lieux " -> "tiers lieux"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"\w+", bare))


def help_keywords(text: str, limit: int = HELP_MAX_KEYWORDS) -> list[str]:
    """The words of a need worth searching for: no stop words nor request words, longest first."""
    stop = {_fold(word) for word in FRENCH_STOP_WORDS} | _REQUEST_WORDS
    seen: set[str] = set()
    words: list[str] = []
    for match in _WORD.finditer(text[:2000]):
        word = re.sub(r"^(?:qu|[cdjlmnst])['’]", "", match.group(0), flags=re.IGNORECASE)
        folded = _fold(word)
        if len(folded) < 3 or folded in stop or folded.isdigit() or folded in seen:
            continue
        seen.add(folded)
        words.append(word)
    return sorted(words, key=len, reverse=True)[:limit]


def rare_keywords(asker: User, text: str) -> dict[str, float]:
    """The keywords of a need weighed by how rare they are in what members offer (inverse
    document frequency): "tiers-lieu" outweighs "partenariats". A word no member offers is
    left out (it would find no one); the rarest HELP_MAX_KEYWORDS are kept."""
    candidates = help_keywords(text, HELP_MAX_CANDIDATE_WORDS)
    if not candidates:
        return {}
    members = search_index("members", user=asker, limit=0).total
    weights = {}
    for word in candidates:
        found = search_index(
            "members", user=asker, query=word, attributes=HELP_ATTRIBUTES, limit=0
        ).total
        if found:
            weights[word] = math.log(1 + members / found)
    rarest = sorted(weights, key=lambda word: (-weights[word], -len(word)))[:HELP_MAX_KEYWORDS]
    return {word: weights[word] for word in rarest}


def _metier_label(slug: str) -> str:
    """In the reader's language (the index keeps French labels)."""
    try:
        return str(taxonomy.Metier(slug).label)
    except ValueError:
        return slug


def _marked_positions(marked: str) -> set[int]:
    """Which characters of the unmarked text a highlighted version marks."""
    positions: set[int] = set()
    inside, index = False, 0
    for char in marked:
        if char == HIGHLIGHT_START:
            inside = True
        elif char == HIGHLIGHT_END:
            inside = False
        else:
            if inside:
                positions.add(index)
            index += 1
    return positions


def _merge_marks(versions: list[str]) -> str:
    """One text with every part that any of its highlighted versions marks."""
    plain = _MARKS.sub("", versions[0])
    marked = set().union(*map(_marked_positions, versions))
    out: list[str] = []
    for index, char in enumerate(plain):
        if index in marked and index - 1 not in marked:
            out.append(HIGHLIGHT_START)
        out.append(char)
        if index in marked and index + 1 not in marked:
            out.append(HIGHLIGHT_END)
    return "".join(out)


def _snippet(marked: str) -> str:
    """About HELP_SNIPPET characters of ``marked`` around its first highlight, on word ends."""
    if len(marked) <= HELP_SNIPPET:
        return marked
    start = max(marked.find(HIGHLIGHT_START), 0)
    begin = max(0, start - HELP_SNIPPET // 3)
    end = min(len(marked), begin + HELP_SNIPPET)
    if begin and " " in marked[begin:start]:
        begin = marked.index(" ", begin) + 1
    if end < len(marked) and " " in marked[start:end]:
        end = marked.rindex(" ", start, end)
    text = marked[begin:end]
    if text.count(HIGHLIGHT_START) > text.count(HIGHLIGHT_END):  # cut inside a mark
        text += HIGHLIGHT_END
    return ("…" if begin else "") + text + ("…" if end < len(marked) else "")


def who_can_help(
    *,
    asker: User,
    text: str,
    tags: list[str],
    limit: int = 8,
    metier: str = "",
    region: str = "",
) -> list[HelpSuggestion]:
    """Members who best match a need (free text) and wanted skills (tags), never the asker.

    Several searches of what members offer (their skills and what they can help with, never
    what they are looking for), merged by member: one per tag (by text, and by exact skill),
    one per keyword of the text, weighed by its rarity, one with all the keywords. A member who
    lists a wanted skill ranks above one who only mentions words of the need; being in the
    asker's region or sharing their trades adds a little. ``metier`` and ``region`` narrow
    every search. Each suggestion says why (``reasons``).
    Raises search.backends.base.SearchUnavailable when the engine cannot answer.
    """
    tags = [" ".join(tag.split()) for tag in tags if tag and tag.strip()][:HELP_MAX_TAGS]
    rarity = rare_keywords(asker, text or "")
    keywords = list(rarity)
    if not tags and not keywords:
        return []
    filters: dict[str, list] = {}
    if metier:
        filters["metiers"] = [metier]
    if region:
        filters["region"] = [region]
    asker_id = str(asker.pk)
    scores: dict[str, float] = defaultdict(float)
    documents: dict[str, dict[str, Any]] = {}
    marked_help: dict[str, list[str]] = defaultdict(list)
    marked_skills: dict[str, set[str]] = defaultdict(set)
    mentioned: dict[str, list[str]] = defaultdict(list)

    def run(query: str, extra: dict | None = None) -> list:
        results = search_index(
            "members", user=asker, query=query, filters={**filters, **(extra or {})},
            limit=HELP_CANDIDATES + 1, attributes=HELP_ATTRIBUTES,
        )
        hits = [hit for hit in results.hits if hit.id != asker_id][:HELP_CANDIDATES]
        for hit in hits:
            documents.setdefault(hit.id, hit.document)
            marked = hit.highlighted.get("can_help_with") or ""
            if query and HIGHLIGHT_START in marked:
                marked_help[hit.id].append(marked)
            for skill in hit.highlighted.get("skills") or []:
                if query and HIGHLIGHT_START in str(skill):
                    marked_skills[hit.id].add(_MARKS.sub("", str(skill)))
        return hits

    def weight(rank: int) -> float:  # earlier hits of a search weigh a little more
        return 1.0 - 0.5 * rank / HELP_CANDIDATES

    # Requested skills: exact skill holders, whatever the spelling, and mentions elsewhere.
    folded_tags = {_fold(tag): tag for tag in tags}
    spellings = defaultdict(set)
    for name in Tag.objects.values_list("name", flat=True) if folded_tags else ():
        if _fold(name) in folded_tags:
            spellings[_fold(name)].add(name)
    skill_of: dict[str, list[str]] = defaultdict(list)  # member -> requested skills they list
    for folded, tag in folded_tags.items():
        holders = set()
        if spellings[folded]:
            for hit in run("", {"skills": sorted(spellings[folded])}):
                holders.add(hit.id)
        for rank, hit in enumerate(run(tag)):
            if any(_fold(skill) == folded for skill in hit.document.get("skills") or []):
                holders.add(hit.id)
            else:
                scores[hit.id] += HELP_WEIGHT_TAG_TEXT * weight(rank)
                mentioned[hit.id].append(tag)
        for member in holders:
            scores[member] += HELP_WEIGHT_SKILL
            skill_of[member].extend(
                skill for skill in documents[member].get("skills") or [] if _fold(skill) == folded
            )
    # The need itself: each keyword (the rarer, the more it weighs), then all of them together.
    total_rarity = sum(rarity.values())
    for keyword in keywords:
        for rank, hit in enumerate(run(keyword)):
            scores[hit.id] += HELP_WEIGHT_TEXT * rarity[keyword] / total_rarity * weight(rank)
            mentioned[hit.id].append(keyword)
    if len(keywords) > 1:
        for rank, hit in enumerate(run(" ".join(keywords))):
            scores[hit.id] += HELP_WEIGHT_ALL_WORDS * weight(rank)

    # Small bonuses: same region, shared trades.
    profile = getattr(asker, "profile", None)
    asker_region = getattr(profile, "region", "") or ""
    asker_metiers = (
        {m.slug: _metier_label(m.slug) for m in profile.metiers.all()} if profile is not None
        else {}
    )
    for member, document in documents.items():
        if asker_region and document.get("region") == asker_region:
            scores[member] += HELP_BONUS_REGION
        shared = [slug for slug in document.get("metiers") or [] if slug in asker_metiers]
        scores[member] += HELP_BONUS_METIER * min(len(shared), 2)

    ranked = sorted(
        (member for member in scores if member != asker_id),
        key=lambda member: (-scores[member], documents[member].get("name_sort", ""), member),
    )[:limit]
    suggestions = []
    for rank, member in enumerate(ranked, start=1):
        document = documents[member]
        reasons: list[str] = []
        listed = list(dict.fromkeys(skill_of[member]))
        listed += sorted(marked_skills[member] - set(listed))
        reasons += [_("Skill: %(skill)s") % {"skill": skill} for skill in listed[:3]]
        if member in marked_help:
            snippet = _snippet(_merge_marks(marked_help[member]))
            reasons.append(_("Can help with: %(text)s") % {"text": snippet})
        if metier and metier in (document.get("metiers") or []):
            reasons.append(_("Trade: %(metier)s") % {"metier": _metier_label(metier)})
        else:
            reasons += [
                _("Trade: %(metier)s") % {"metier": asker_metiers[slug]}
                for slug in document.get("metiers") or [] if slug in asker_metiers
            ][:1]
        if asker_region and document.get("region") == asker_region:
            reasons.append(_("Same region"))
        if not listed and member not in marked_help and mentioned[member]:
            words: list[str] = []
            for word in mentioned[member]:  # "tiers-lieu" and "tiers-lieux" say it once
                folded = _fold(word)
                if not any(_fold(w).startswith(folded) or folded.startswith(_fold(w))
                           for w in words):
                    words.append(word)
            reasons.append(_("Mentions: %(words)s") % {"words": ", ".join(words)})
        suggestions.append(
            HelpSuggestion(document=document, score=round(scores[member], 3), rank=rank,
                           reasons=reasons)
        )
    return suggestions
