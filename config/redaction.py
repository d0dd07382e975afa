"""Replacing a person's name in text kept by others (a closed account: privacy/closure/).

Used by every app whose records quote a name as text (the audit log, notifications); it sits
here, in the lowest layer, so that none of them imports another for it.
"""

from collections.abc import Iterable


def replace_names(text: str, names: Iterable[str], label: str) -> str:
    """``text`` with every occurrence of each of ``names`` replaced by ``label``, whatever its
    case. Empty names are ignored."""
    for name in names:
        if not name:
            continue
        lowered, wanted = text.lower(), name.lower()
        out, start = [], 0
        while (found := lowered.find(wanted, start)) >= 0:
            out.append(text[start:found])
            out.append(label)
            start = found + len(wanted)
        out.append(text[start:])
        text = "".join(out)
    return text
