"""French typography for text the platform composes from words and names.

A sentence such as "Message de %(author)s" is written once in the catalogue and filled in with a
name at run time: the catalogue cannot know that "de Inès Moreau" must read "d'Inès Moreau", nor
put the non-breaking spaces French wants. ``typeset`` does both, AFTER translation and
interpolation, on the finished string; it is what the services call before they store a sentence
(notifications, the activity stream, the moderation log, chat notices) and what templates call
through the ``typeset`` filter (config/templatetags/typography.py, a template builtin: no
``{% load %}`` needed), for instance ``{% filter typeset %}{% blocktranslate %}...{% endfilter %}``.

The conventions, chosen once for the whole platform:

* Elision: "de", "le", "la", "que" and "ne" before a word that starts with a vowel (accents
  included), a "y" followed by a consonant ("d'Yves", but "de Yann"), or a mute "h" from a short
  list of common words (``MUTE_H``): "d'Inès", "l'Orléanais", "qu'Aline", "d'habitants", but
  "de Hugo", "de Hautefort": an "h" is treated as aspirated, since nothing tells us otherwise
  about a name. French usage elides before names too ("d'Oliveira"). A few words never take the
  elision ("onze", "oui"...). The capital is kept: "De Inès" gives "D'Inès". The apostrophe is
  the straight one, as everywhere in the catalogue.
* Spaces: one NO-BREAK SPACE (U+00A0) before ":", ";", "?", "!" and "»" and after "«", replacing
  an ordinary space or put there when there was none ("Projet: X" gives "Projet : X" in
  French). We use U+00A0 everywhere rather than the narrow U+202F before ";?!": every font has it,
  and a search of the page finds it as a space. A colon or a mark followed by something other than
  a space ("10:30", "https://", "?page=2") is left alone.
* Only in French: in another language the text is returned unchanged.
* Markup is left alone: HTML tags (their attributes included) and the contents of ``pre``,
  ``code``, ``script``, ``style`` and ``textarea`` are never changed; a word after a tag still
  counts ("de <a href=…>Inès</a>" gives "d'<a href=…>Inès</a>"). Nothing is changed inside a word
  or an address ("…/de Inès" stays). A safe string stays safe: only spaces and a straight
  apostrophe are added, never markup.
* The result is the same when applied twice.

``typeset(..., places=True)`` also contracts "de Le Havre" into "du Havre", "de Les Mureaux"
into "des Mureaux", "à Le Mans" into "au Mans": right for places, wrong for people ("de Le Goff"),
hence only on request.
"""

import re

from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

NBSP = "\u00a0"

# Common words with a mute "h" (stems: "habit" covers habitat, habitants, habitation...).
# Any other word starting with "h" (names included) is treated as aspirated: no elision.
MUTE_H = (
    "habit", "hébergement", "héberge", "héritage", "hectare", "heure", "herbe", "hiver",
    "histoire", "historique", "homme", "hommage", "honneur", "honora", "hôpita", "horaire",
    "horizon", "hôte", "hôtel", "huile", "humain", "humanit", "humeur", "humour", "hygiène",
    "hypothèse", "harmonie", "hébdomadaire", "hebdomadaire", "hélice", "hémisphère",
)
# Words starting with a vowel that never take the elision ("le onze", "le oui").
NO_ELISION = ("onze", "onzième", "oui", "ouistiti", "uhlan", "ululement")

_VOWELS = "aeiouàâäéèêëîïôöùûüœæ"
_LETTERS = _VOWELS + "bcdfghjklmnpqrstvwxyzç"
_ELIDED = {"de": "d'", "le": "l'", "la": "l'", "que": "qu'", "ne": "n'"}

# Pieces of markup never changed, tried first at each position so that nothing inside a tag or
# a preformatted element is ever matched by the rules below.
_MARKUP = r"<(?P<raw>pre|code|script|style|textarea)\b.*?</(?P=raw)\s*>|<!--.*?-->|<[^>]*>"
_TAG = r"(?:<[^>]*>)"
# "de" (or le, la, que, ne) as a whole word: not after a letter, a digit, an apostrophe or a
# character of an address; then spaces and, possibly, opening tags before the next word.
_ELISION = (
    r"(?<![\w'’/.\-=?&#@:%+~])(?P<word>[dD]e|[lL][ea]|[qQ]ue|[nN]e)"
    r"(?P<gap>[ \u00a0]+(?:<(?!/)[^>]*>)*)(?=(?P<next>[^\W\d_][\w\-]*))"
)
_ELISION_RE = re.compile(rf"{_MARKUP}|{_ELISION}", re.DOTALL | re.IGNORECASE)
_SPACE_RE = re.compile(
    rf"{_MARKUP}|&#?\w+;"  # an HTML entity's ";" is not punctuation
    r"|(?P<before>[ \t\u202f\u00a0]*)(?P<mark>[:;!?»])"
    r"|(?P<open>«)[ \t\u202f\u00a0]*",
    re.DOTALL | re.IGNORECASE,
)
_PLACE_RE = re.compile(
    rf"{_MARKUP}|(?<![\w'’])(?P<prep>[dD]e|[àÀ])[ \u00a0]+(?P<article>Les?)[ \u00a0]+(?=\w)",
    re.DOTALL | re.IGNORECASE,
)
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}


def _takes_elision(word: str) -> bool:
    lower = word.lower()
    if lower.split("-")[0] in NO_ELISION:
        return False
    first = lower[0]
    if first == "y":  # "d'Yves", "d'Ypres"; but "de Yann", "de yaourt"
        return len(lower) > 1 and lower[1] in _LETTERS and lower[1] not in _VOWELS
    if first == "h":
        return lower.startswith(MUTE_H)
    return first in _VOWELS


def _elide(match: re.Match) -> str:
    word = match.group("word")
    if word is None:  # markup
        return match.group(0)
    # The lookahead gives the next word only from the text after the opening tags.
    if not word.islower() and not word.istitle():  # "DE", "LE": left as written
        return match.group(0)
    if word.lower() not in _ELIDED or not _takes_elision(match.group("next")):
        return match.group(0)
    elided = _ELIDED[word.lower()]
    if word[0].isupper():
        elided = elided[0].upper() + elided[1:]
    tags = match.group("gap").lstrip(" \u00a0")
    return elided + tags


def _space(match: re.Match) -> str:
    if match.group("open"):
        return "«" + NBSP
    mark = match.group("mark")
    if mark is None:  # markup, or an entity
        return match.group(0)
    if match.group("before"):  # "Projet : X", "Qui peut m'aider ?": the space holds
        return NBSP + mark
    text, start, end = match.string, match.start(), match.end()
    previous = text[start - 1] if start > 0 else ""
    following = text[end] if end < len(text) else ""
    if mark == "»":
        return (NBSP + mark) if previous else mark
    # No space before: only a sentence's punctuation, after a word and before a space or the
    # end ("Projet: X", "Bienvenue!"); not "10:30", "https://", "?page=2", "?!".
    after_word = previous.isalpha() or (previous and previous in ")]»”\"'’…")
    ends = not following or following.isspace() or following == "<"
    return (NBSP + mark) if after_word and ends else mark


def _contract(match: re.Match) -> str:
    prep = match.group("prep")
    if prep is None:
        return match.group(0)
    article = match.group("article")
    if not article[0].isupper():  # "de le" in a sentence is not a place name
        return match.group(0)
    contracted = _CONTRACTED[(prep.lower(), article.lower())]
    if prep[0].isupper():
        contracted = contracted.capitalize()
    return contracted + " "


def is_french(language: str | None = None) -> bool:
    return (language or translation.get_language() or "").lower().startswith("fr")


def typeset(text, *, language: str | None = None, places: bool = False) -> str:
    """``text`` with French elisions and no-break spaces (see the module's docstring), when
    ``language`` (default: the active one) is French; unchanged otherwise. ``places``: ``text``
    names a place, whose article contracts ("de Le Havre" gives "du Havre")."""
    if text is None:
        return ""
    safe = isinstance(text, SafeData)
    text = str(text)
    if not is_french(language) or not text:
        return mark_safe(text) if safe else text  # noqa: S308 - it was safe already
    if places:
        text = _PLACE_RE.sub(_contract, text)
    text = _ELISION_RE.sub(_elide, text)
    text = _SPACE_RE.sub(_space, text)
    return mark_safe(text) if safe else text  # noqa: S308 - safe input, no markup added
