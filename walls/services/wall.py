"""Walls: themed walls (moderators), project walls (projects/services), archiving."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from walls import permissions
from walls.models import (
    MAX_WALL_DESCRIPTION_LENGTH,
    MAX_WALL_NAME_LENGTH,
    Wall,
)
from walls.services.common import (
    reindex_wall_posts,
)

# Paths under /mur/ that a themed wall's address must not take.
RESERVED_SLUGS = frozenset({"murs", "billet", "commentaire", "nouveau", "membres",
                            "recherche", "questions"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[: MAX_WALL_NAME_LENGTH - 10].strip("-") or "mur"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Wall.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def wall_create(*, actor, name: str, description: str = "") -> Wall:
    """A themed wall, open to every member (moderators only)."""
    if not permissions.can_create_wall(actor):
        raise PermissionDenied
    name = " ".join((name or "").split())
    description = " ".join((description or "").split())
    if not name:
        raise ValidationError(_("Give the wall a name."))
    if len(name) > MAX_WALL_NAME_LENGTH or len(description) > MAX_WALL_DESCRIPTION_LENGTH:
        raise ValidationError(_("The name or the description is too long."))
    if Wall.objects.exclude(kind=Wall.Kind.PROJECT).filter(name__iexact=name).exists():
        raise ValidationError(_("A wall with this name already exists."))
    return Wall.objects.create(kind=Wall.Kind.THEMED, name=name, slug=_unique_slug(name),
                               description=description, created_by=actor)


@transaction.atomic
def project_wall_create(*, actor, name: str) -> Wall:
    """A project's discussion wall, which projects/services.py opens with the project: who
    reads and writes it is the project's business (walls/permissions.py asks the project)."""
    name = " ".join((name or "").split())[:MAX_WALL_NAME_LENGTH] or "projet"
    return Wall.objects.create(kind=Wall.Kind.PROJECT, name=name,
                               slug=_unique_slug(f"projet {name}"), created_by=actor)


@transaction.atomic
def project_wall_rename(*, wall: Wall, name: str) -> Wall:
    """The wall follows its project's title (search results name the wall of a post)."""
    name = " ".join((name or "").split())[:MAX_WALL_NAME_LENGTH]
    if wall.is_project and name and name != wall.name:
        wall.name = name
        wall.save(update_fields=["name"])
        reindex_wall_posts(wall)
    return wall


@transaction.atomic
def wall_archive(*, actor, wall: Wall) -> Wall:
    """A themed wall stays readable, but nobody posts, comments or reacts on it any more. Its
    posts stay searchable: the posts index does not change (walls/search_indexes.py)."""
    wall = Wall.objects.select_for_update().get(pk=wall.pk)
    if not permissions.can_archive_wall(actor, wall):
        raise PermissionDenied
    wall.archived_at = timezone.now()
    wall.save(update_fields=["archived_at"])
    return wall
