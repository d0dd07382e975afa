"""The rules of a document's card, shared by the services (which enforce them) and the forms
(which show them): a ValidationError per field, in French."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from community import taxonomy as community_taxonomy
from documents import taxonomy
from documents.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_LINK_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_TITLE_LENGTH,
)

MAX_TAGS = 15
MAX_TAG_LENGTH = 60
link_validator = URLValidator(schemes=["http", "https"])


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def clean_note(note: str) -> str:
    note = _one_line(note)
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError({"note": [_("At most %(max)d characters.")
                                        % {"max": MAX_NOTE_LENGTH}]})
    return note


def _clean_tags(tags, errors: dict) -> list[str]:
    names: list[str] = []
    for raw in tags or ():
        name = _one_line(str(raw))
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            errors["tags"] = [_("A tag may have at most %(max)d characters.")
                              % {"max": MAX_TAG_LENGTH}]
            return []
        if name.casefold() not in {known.casefold() for known in names}:
            names.append(name)
    if len(names) > MAX_TAGS:
        errors["tags"] = [_("At most %(max)d tags.") % {"max": MAX_TAGS}]
    return names


def _clean_choices(values, allowed, field: str, errors: dict) -> list[str]:
    chosen = list(dict.fromkeys(str(value) for value in values or ()))
    if any(value not in allowed for value in chosen):
        errors[field] = [_("Choose among the proposed values.")]
    return chosen


def clean_document(*, title: str, description: str, entry_point: str = "", levers=(),
                   domains=(), tags=(), language: str = taxonomy.Language.FR, link: str = "",
                   in_project: bool = False) -> dict:
    """The fields of a document's card, or a ValidationError per field saying what is wrong.

    The entry point (*porte d'entrée*) places a document in the library; a project's document
    is not in the library and has none (``in_project``)."""
    title = _one_line(title)
    description = (description or "").replace("\r\n", "\n").strip()
    link = (link or "").strip()
    errors: dict[str, list] = {}
    if not title:
        errors["title"] = [_("Give the document a title.")]
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = [_("At most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}]
    if not description:
        errors["description"] = [_("Say in a few sentences what the document is about.")]
    elif len(description) > MAX_DESCRIPTION_LENGTH:
        errors["description"] = [_("At most %(max)d characters.")
                                 % {"max": MAX_DESCRIPTION_LENGTH}]
    if in_project:
        entry_point = ""
    elif entry_point not in taxonomy.EntryPoint.values:
        errors["entry_point"] = [_("Choose the entry point of the library.")]
    if language not in taxonomy.Language.values:
        errors["language"] = [_("Choose among the proposed values.")]
    levers = _clean_choices(levers, taxonomy.Lever.values, "levers", errors)
    domains = _clean_choices(domains, community_taxonomy.FragilityDomain.values, "domains",
                             errors)
    tags = _clean_tags(tags, errors)
    if link:
        try:
            if len(link) > MAX_LINK_LENGTH:
                raise ValidationError("too long")
            link_validator(link)
        except ValidationError:
            errors["link"] = [_("Enter a web address starting with https:// or http://.")]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "description": description, "entry_point": entry_point,
            "levers": levers, "domains": domains, "tags": tags, "language": language,
            "link": link}
