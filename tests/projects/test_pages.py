"""Every page of a project for every kind of person (anonymous, applicant, member, project
member, owner, moderator, admin): open, private and hidden projects; the list; the costs."""

import pytest
from django.urls import reverse

from moderation.services import decide
from projects import services
from projects.models import Project
from tests.factories import MemberFactory
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db

TABS = ["detail", "discussion", "chat", "tasks", "members"]
ROLES = ["anonymous", "applicant", "member", "contributor", "owner", "moderator", "admin_user"]


@pytest.fixture
def people(applicant, member, contributor, owner, moderator, admin_user):
    return {"anonymous": None, "applicant": applicant, "member": member,
            "contributor": contributor, "owner": owner, "moderator": moderator,
            "admin_user": admin_user}


def expected_status(role: str, seen_by: set) -> int:
    if role in ("anonymous", "applicant"):
        return 302  # to the login page, or to the applicant's own status page
    return 200 if role in seen_by else 404


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("role", ROLES)
def test_an_open_project_is_read_by_every_member(as_user, people, project, role, tab):
    response = as_user(people[role]).get(reverse(f"projects:{tab}", args=[project.pk]))
    assert response.status_code == expected_status(
        role, {"member", "contributor", "owner", "moderator", "admin_user"})
    if role == "anonymous":
        assert "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("tab", [*TABS, "edit", "report", "task_edit"])
@pytest.mark.parametrize("role", ROLES)
def test_a_private_project_is_a_404_for_everyone_outside(as_user, people, private_project,
                                                         owner, role, tab):
    args = [private_project.pk]
    if tab == "task_edit":
        task = services.task_create(actor=owner, project=private_project, title="Relire")
        args.append(task.pk)
    response = as_user(people[role]).get(reverse(f"projects:{tab}", args=args))
    status = response.status_code
    if role in ("contributor", "owner"):
        allowed = {"edit": role == "owner", "report": role == "contributor"}.get(tab, True)
        assert status == (200 if allowed else 403)
    else:
        assert status == expected_status(role, set())
        assert "Projet confidentiel" not in response.content.decode()


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_project_is_left_to_moderators_and_owners(as_user, people, project,
                                                           moderator, role, tab):
    decide(actor=moderator, item=project, decision="hide", reason="Publicité")
    response = as_user(people[role]).get(reverse(f"projects:{tab}", args=[project.pk]))
    assert response.status_code == expected_status(role, {"owner", "moderator",
                                                          "admin_user"})
    if response.status_code == 200:
        assert "masqué par les animateurs" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_what_each_may_see(as_user, people, project, private_project,
                                               role):
    response = as_user(people[role]).get(reverse("projects:list"))
    if role in ("anonymous", "applicant"):
        assert response.status_code == 302
        return
    html = response.content.decode()
    assert project.title in html
    assert (private_project.title in html) is (role in ("contributor", "owner"))


def test_the_tab_bar_marks_the_current_tab(as_user, member, project):
    html = as_user(member).get(reverse("projects:tasks", args=[project.pk])).content.decode()
    nav = html.split('class="project-tabs"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-label="Sections du projet"' in html
    assert nav.count('aria-current="page"') == 1
    assert f'href="/projets/{project.pk}/taches/" aria-current="page"' in nav
    assert html.count("<h1") == 1


def test_the_main_navigation_links_to_the_projects(as_user, member):
    html = as_user(member).get(reverse("projects:list")).content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/projets/" aria-current="page">Projets</a>' in nav


def test_the_list_filters(as_user, member, owner):
    make_project(owner, title="Cantine en Bretagne", regions=["bretagne"],
                 domains=["pauvrete"], metiers=["accompagnement"], status="idea")
    make_project(owner, title="Garage en Occitanie", regions=["occitanie"],
                 domains=["mobilite"], metiers=["gestion-d-un-lieu"], status="done")
    client = as_user(member)

    def titles(**params) -> set:
        html = client.get(reverse("projects:list"), params).content.decode()
        return {t for t in ("Cantine en Bretagne", "Garage en Occitanie") if t in html}

    assert titles() == {"Cantine en Bretagne", "Garage en Occitanie"}
    assert titles(region="occitanie") == {"Garage en Occitanie"}
    assert titles(domain="pauvrete") == {"Cantine en Bretagne"}
    assert titles(status="done") == {"Garage en Occitanie"}
    assert titles(metier="accompagnement") == {"Cantine en Bretagne"}
    assert titles(region="bretagne", status="done") == set()
    assert titles(region="atlantide") == {"Cantine en Bretagne", "Garage en Occitanie"}
    assert "Aucun projet ne correspond à ces filtres." in client.get(
        reverse("projects:list"), {"region": "corse"}).content.decode()


def test_the_list_paginates(as_user, member, owner):
    for index in range(23):
        Project.objects.create(title=f"Projet {index:02}", summary="Résumé", created_by=owner)
    client = as_user(member)
    first = client.get(reverse("projects:list")).content.decode()
    assert "Projet 22" in first and "Projet 02" not in first
    assert "Page 1 sur 2" in first
    second = client.get(reverse("projects:list"), {"page": 2}).content.decode()
    assert "Projet 02" in second and "Projet 22" not in second


def _many(owner, count: int) -> None:
    for index in range(count):
        make_project(owner, title=f"Projet nombreux {index}",
                     visibility="private" if index % 3 == 0 else "members",
                     contributors=[MemberFactory()])


LIST_QUERIES = 14


@pytest.mark.parametrize("params", [{}, {"region": "bretagne", "domain": "lien-social"}])
def test_the_list_costs_the_same_at_any_size(as_user, owner, django_assert_max_num_queries,
                                             params):
    client = as_user(owner)
    client.get(reverse("projects:list"))
    _many(owner, 2)
    with django_assert_max_num_queries(LIST_QUERIES) as small:
        client.get(reverse("projects:list"), params)
    _many(owner, 25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("projects:list"), params).content.decode()
    assert html.count('class="project-card card"') == 20


@pytest.mark.parametrize("tab", TABS)
def test_a_project_page_costs_the_same_at_any_size(as_user, owner, contributor, project, tab,
                                                   django_assert_max_num_queries):
    from walls import services as walls_services

    client = as_user(owner)
    url = reverse(f"projects:{tab}", args=[project.pk])
    client.get(url)

    def grow(count: int) -> None:
        for index in range(count):
            person = MemberFactory()
            services.membership_invite(actor=owner, project=project, member=person)
            services.invitation_accept(actor=person, project=project)
            services.task_create(actor=owner, project=project, title=f"Tâche {index}",
                                 assignee=person)
            walls_services.post_create(actor=person, wall=project.wall, body=f"Billet {index}")

    grow(1)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
