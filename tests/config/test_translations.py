"""The French catalogue is complete: every string the code and templates mark is translated.

The interface speaks French first, so a msgid that reaches the catalogue without a French text
(or never reaches it) shows English to a member. ``makemessages`` is run on a copy of the
sources so that the checkout itself is never rewritten by a test.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
FRENCH = BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"
SKIPPED = {".venv", "var", "node_modules", ".git", "__pycache__", "test-results", "tests", "bench"}

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed"
)


def gettext_tool(*arguments: str) -> subprocess.CompletedProcess:
    """GNU gettext's ``msgfmt`` or ``msgattrib`` (fixed arguments, our own files)."""
    return subprocess.run(arguments, capture_output=True, text=True, check=True)  # noqa: S603


def untranslated(po: Path) -> str:
    """The entries that a member would read in English, as gettext prints them."""
    missing = gettext_tool("msgattrib", "--untranslated", "--no-location", str(po))
    fuzzy = gettext_tool("msgattrib", "--only-fuzzy", "--no-location", str(po))
    return missing.stdout + fuzzy.stdout


def statistics(po: Path) -> str:
    return gettext_tool("msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)).stderr


# The names under which ``makemessages`` finds strings (xgettext's keywords, as Django sets them).
KNOWN_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy",
               "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
ALIAS = re.compile(r"from django\.utils\.translation import .*?\b(\w*gettext\w*) as (\w+)")


def test_no_module_hides_its_strings_from_makemessages():
    """``gettext_lazy as _lazy`` looks fine and works, but xgettext does not know ``_lazy``:
    its strings never reach the catalogue and show in English."""
    hidden = []
    for path in BASE_DIR.rglob("*.py"):
        if SKIPPED & set(path.relative_to(BASE_DIR).parts):
            continue
        for function, alias in ALIAS.findall(path.read_text(encoding="utf-8")):
            if alias not in KNOWN_NAMES:
                hidden.append(f"{path.relative_to(BASE_DIR)}: {function} as {alias}")
    assert hidden == []


def test_the_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    report = statistics(FRENCH)
    assert "untranslated" not in report and "fuzzy" not in report, untranslated(FRENCH)


def test_every_marked_string_of_the_sources_is_in_the_french_catalogue(tmp_path):
    copy = tmp_path / "sources"
    shutil.copytree(
        BASE_DIR, copy, ignore=lambda _dir, names: [n for n in names if n in SKIPPED]
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    po = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    report = statistics(po)
    assert "untranslated" not in report and "fuzzy" not in report, (
        f"strings marked in the sources miss a French translation ({report}):\n{untranslated(po)}"
    )
