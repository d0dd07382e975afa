"""The legal pages' default French texts, complete except for the fields only the publisher
knows (``[À compléter : ...]``). The data migration copies them into the database for admins to
edit; a page without a row shows its default."""

from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHARTER = "charte"


@cache
def default_text(name: str) -> str:
    """The default text of a page kind (``mentions-legales``, ``confidentialite``,
    ``accessibilite``) or of the charter (``charte``)."""
    return (HERE / f"{name}.md").read_text(encoding="utf-8")
