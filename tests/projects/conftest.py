"""The people and projects of the projects' tests: a project open to the whole network and a
private one, each run by an owner with a contributor (the "project member")."""

import pytest

from projects import services
from projects.models import Project
from tests.factories import MemberFactory


@pytest.fixture
def owner(db):
    return MemberFactory(first_name="Paula", last_name="Porteuse")


@pytest.fixture
def contributor(db):
    return MemberFactory(first_name="Cyril", last_name="Contributeur")


def make_project(owner, *, contributors=(), **fields):
    defaults = {
        "title": "Tiers-lieu nourricier", "summary": "Une cantine solidaire et un potager.",
        "description": "Un **lieu** pour *tous*.", "status": Project.Status.ONGOING,
        "visibility": Project.Visibility.MEMBERS, "regions": ["bretagne"],
        "domains": ["lien-social"], "metiers": ["gestion-d-un-lieu"],
        "partnerships": ["mecenat"], "tags": ["alimentation"],
    }
    project = services.project_create(actor=owner, **{**defaults, **fields})
    for person in contributors:
        services.membership_invite(actor=owner, project=project, member=person)
        services.invitation_accept(actor=person, project=project)
    return Project.objects.get(pk=project.pk)


@pytest.fixture
def project(owner, contributor):
    return make_project(owner, contributors=[contributor])


@pytest.fixture
def private_project(owner, contributor):
    return make_project(owner, contributors=[contributor], title="Projet confidentiel",
                        summary="Un montage encore discret.",
                        visibility=Project.Visibility.PRIVATE)
