"""``seed_demo`` adds a dozen projects through the services: open and private ones, with
members, pending requests and invitations, tasks, milestones and posts; nothing more on a
second run."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import User
from demo.management.commands.seed_demo import DOMAIN
from news.models import ActivityEvent
from projects import selectors
from projects.models import Project, ProjectMembership, Task
from walls.models import Post

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_seed_adds_projects_once():
    output = _seed()
    assert "Projets : 12 projets" in output
    assert Project.objects.count() == 12
    private = Project.objects.filter(visibility=Project.Visibility.PRIVATE)
    assert private.count() == 3
    assert Task.objects.count() == 48
    assert Post.objects.filter(wall__kind="project").exists()
    for project in Project.objects.all():
        assert project.memberships.filter(state="member", role="owner").exists()
        assert project.room.memberships.count() == project.memberships.filter(
            state="member").count()
    # Only the projects visible to the whole network are in the news feed.
    feed = ActivityEvent.objects.filter(kind=ActivityEvent.Kind.PROJECT_PUBLISHED,
                                        hidden_at__isnull=True)
    assert feed.count() == 9

    member = User.objects.get(email=f"membre@{DOMAIN}")
    mine = selectors.my_projects(member)
    assert len(mine["projects"]) == 3 and len(mine["invitations"]) == 1
    assert ProjectMembership.objects.filter(state="requested").count() == 2

    counts = (Project.objects.count(), Task.objects.count(), Post.objects.count())
    assert "Projets : 0 projets" in _seed()
    assert (Project.objects.count(), Task.objects.count(), Post.objects.count()) == counts
