"""Highlighting for the embedded engine: the words of a query marked in a document's values,
matched the way the query matched them (exact, stem, prefix, typo, synonym phrase)."""

from functools import lru_cache
from typing import Any

from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START
from search.backends.embedded_text import FOLDER, Unit, Word, fold_char, stem, utf8


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions counted once (tantivy's), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:  # every path already costs more than allowed
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=65_536)  # the same words meet the same tokens on every page of results
def word_matches(word: Word, folded: str) -> int | None:
    """How many folded characters of a token ``word`` matches: all (exact, stem, typo) or its
    prefix length (prefix match), None when it does not match."""
    if folded == word.text or (not word.exact and stem(folded) == word.stem):
        return len(folded)
    typos = word.typos
    if typos and _distance(folded, word.text, typos) <= typos:
        return len(folded)
    if word.prefix and folded.startswith(word.text):
        return len(word.text)
    if word.last and typos and _distance(folded[: len(word.text)], word.text, typos) <= typos:
        return len(folded)
    return None


def _flatten_units(units: list[Unit]) -> tuple[list[Word], list[tuple[str, ...]]]:
    words: list[Word] = []
    phrases: list[tuple[str, ...]] = []
    for unit in units:
        if isinstance(unit, Word):
            words.append(unit)
        else:
            words.extend(unit.words)
            phrases.extend(tuple(stem(t) for t in alt) for alt in unit.alternatives)
    return words, phrases


class Highlighter:
    """Marks the words of one query in values. The values of a page of results share many
    tokens (first names, skills, common words): each token is matched against the query's
    words once per page, not once per value."""

    def __init__(self, units: list[Unit]) -> None:
        self.words, self.phrases = _flatten_units(units)
        self._matched: dict[str, int | None] = {}

    def __call__(self, value: Any) -> Any:
        """``value`` with matched words wrapped in the highlight marks; lists stay lists."""
        if isinstance(value, list):
            return [self(item) for item in value]
        if not isinstance(value, str) or not (self.words or self.phrases):
            return value
        return _marked(value, self._spans(value))

    def _matched_length(self, folded: str) -> int | None:
        """The longest part of a token that a word of the query matches (None: no word)."""
        if folded not in self._matched:
            lengths = [word_matches(word, folded) for word in self.words]
            self._matched[folded] = max((n for n in lengths if n is not None), default=None)
        return self._matched[folded]

    def _spans(self, value: str) -> list[tuple[int, int]]:
        tokens = FOLDER.pre_tokenize(utf8(value)).tokens
        spans: list[tuple[int, int]] = []
        for token in tokens:
            matched = self._matched_length(token.text)
            if matched is None:
                continue
            end = token.char_offset_to
            if matched < len(token.text):  # a prefix: mark the original characters it covers
                covered = 0
                for position in range(token.char_offset_from, token.char_offset_to):
                    covered += len(fold_char(value[position]))
                    if covered >= matched:
                        end = position + 1
                        break
            spans.append((token.char_offset_from, end))
        if self.phrases:
            stems = [stem(token.text) for token in tokens]
            for phrase in self.phrases:
                for start in range(len(stems) - len(phrase) + 1):
                    if tuple(stems[start : start + len(phrase)]) == phrase:
                        spans.extend(
                            (t.char_offset_from, t.char_offset_to)
                            for t in tokens[start : start + len(phrase)]
                        )
        return spans


def highlight(value: Any, units: list[Unit]) -> Any:
    """``value`` with matched words wrapped in the highlight marks; lists stay lists."""
    return Highlighter(units)(value)


def _marked(value: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return value
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, cursor = [], 0
    for start, end in merged:
        parts += [value[cursor:start], HIGHLIGHT_START, value[start:end], HIGHLIGHT_END]
        cursor = end
    parts.append(value[cursor:])
    return "".join(parts)
