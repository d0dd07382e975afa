"""The wall's posts kept rendered in the cache (walls/fragments.py, issue 20).

A post's HTML is shared by readers who would see the same bytes and rendered again as soon as
anything it shows changes: an edit, a comment, a reaction, a moderation decision. What one reader
may do (edit, hide, their own reactions) never reaches another, and the forms of a kept post carry
the CSRF token of the request that shows it.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from config.fragments import csrf_marker
from moderation import services as moderation_services
from tests.factories import CommentFactory, MemberFactory, PostFactory
from walls import fragments, services
from walls.models import Reaction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """The posts rendered through the template (not taken from the cache), by id."""
    rendered: list[int] = []
    original = fragments._render

    def counting(post, **kwargs):
        rendered.append(post.pk)
        return original(post, **kwargs)

    monkeypatch.setattr(fragments, "_render", counting)
    return rendered


@pytest.fixture
def post(wall, other_member):
    return PostFactory(wall=wall, author=other_member, body="Premier jet",
                       html="<p>Premier jet</p>")


def post_html(client, pk: int) -> str:
    """The article of post ``pk`` on the network's wall, as ``client`` gets it."""
    page = client.get("/mur/")
    assert page.status_code == 200
    match = re.search(rf'<article class="wall-post[^"]*" id="p-{pk}".*?</article>\s*</li>',
                      page.content.decode(), re.S)
    assert match, f"post {pk} not on the wall"
    return match.group(0)


def test_readers_in_the_same_situation_share_one_rendering(as_user, member, post, renders):
    third = MemberFactory()
    first = post_html(as_user(member), post.pk)
    assert renders == [post.pk]
    second = post_html(as_user(third), post.pk)
    assert renders == [post.pk]  # from the cache
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", first) == token.sub("", second)
    post_html(as_user(member), post.pk)
    assert renders == [post.pk]


def test_an_edit_shows_at_once(as_user, member, other_member, post, renders):
    client = as_user(member)
    assert "Premier jet" in post_html(client, post.pk)
    services.post_edit(actor=other_member, post=post, body="Version **corrigée**")
    html = post_html(client, post.pk)
    assert "<strong>corrigée</strong>" in html and "Premier jet" not in html
    assert renders == [post.pk, post.pk]


def test_a_new_comment_shows_at_once(as_user, member, other_member, post, renders):
    client = as_user(member)
    assert "Nous avons la même question" not in post_html(client, post.pk)
    services.comment_create(actor=other_member, post=post, body="Nous avons la même question")
    html = post_html(client, post.pk)
    assert "Nous avons la même question" in html
    assert "1 commentaire" in html
    comment = post.comments.get()
    services.comment_edit(actor=other_member, comment=comment, body="Question réglée")
    assert "Question réglée" in post_html(client, post.pk)


def test_a_reaction_counts_at_once_and_stays_the_reactors_own(as_user, member, post):
    reader, reactor = as_user(MemberFactory()), as_user(member)
    pressed = re.compile(r'value="useful" aria-pressed="true"')
    assert not pressed.search(post_html(reader, post.pk))
    services.reaction_toggle(actor=member, post=post, kind=Reaction.Kind.USEFUL)
    mine = post_html(reactor, post.pk)
    assert pressed.search(mine) and "1 réaction" in mine
    theirs = post_html(reader, post.pk)
    assert not pressed.search(theirs) and "1 réaction" in theirs
    services.reaction_toggle(actor=member, post=post, kind=Reaction.Kind.USEFUL)
    assert "1 réaction" not in post_html(reactor, post.pk)
    assert "1 réaction" not in post_html(reader, post.pk)


def test_a_moderation_decision_shows_at_once(as_user, member, moderator, post):
    comment = CommentFactory(post=post, body="Un commentaire déplacé")
    reader, animator = as_user(member), as_user(moderator)
    assert "Un commentaire déplacé" in post_html(reader, post.pk)
    assert "Un commentaire déplacé" in post_html(animator, post.pk)
    moderation_services.decide(actor=moderator, item=comment, decision="hide",
                               reason="Hors sujet")
    assert "Un commentaire déplacé" not in post_html(reader, post.pk)
    seen = post_html(animator, post.pk)
    assert "Un commentaire déplacé" in seen and "wall-comment--hidden" in seen
    moderation_services.decide(actor=moderator, item=post, decision="hide", reason="Hors sujet")
    assert f'id="p-{post.pk}"' not in reader.get("/mur/").content.decode()
    assert "wall-post--hidden" in post_html(animator, post.pk)


def test_what_a_reader_may_do_never_reaches_another(as_user, member, other_member, moderator,
                                                     post):
    edit = f"/mur/billet/{post.pk}/modifier/"
    assert edit in post_html(as_user(other_member), post.pk)  # the author's own
    assert edit not in post_html(as_user(member), post.pk)
    moderate = "data-wall-moderate"  # "Moderate…": a moderator's controls on demand
    assert moderate in post_html(as_user(moderator), post.pk)
    assert moderate not in post_html(as_user(member), post.pk)
    assert edit not in post_html(as_user(MemberFactory()), post.pk)


def test_a_kept_post_carries_this_requests_csrf_token(member, post, renders):
    warm = Client()
    warm.force_login(MemberFactory())
    post_html(warm, post.pk)  # kept in the cache by another reader
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    html = post_html(client, post.pk)
    assert renders == [post.pk]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert token != csrf_marker()
    response = client.post(f"/mur/billet/{post.pk}/reagir/",
                           {"kind": "bravo", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert post.reactions.filter(member=member, kind="bravo").exists()


# --- A project's wall (its Discussion tab) ----------------------------------------------------


@pytest.fixture
def project(member):
    from projects import services as projects

    return projects.project_create(actor=member, title="Tiers-lieu partagé",
                                   summary="Un lieu pour le territoire.")


@pytest.fixture
def project_post(project, member):
    return services.post_create(actor=member, wall=project.wall, body="Ordre du jour")


def discussion_html(client, project, pk: int) -> str:
    """The article of post ``pk`` in ``project``'s Discussion tab, as ``client`` gets it."""
    page = client.get(f"/projets/{project.pk}/discussion/")
    assert page.status_code == 200
    match = re.search(rf'<article class="wall-post[^"]*" id="p-{pk}".*?</article>\s*</li>',
                      page.content.decode(), re.S)
    assert match, f"post {pk} not in the discussion"
    return match.group(0)


def test_a_project_wall_is_kept_too_and_changes_at_once(as_user, member, project,
                                                        project_post, renders):
    reader, other_reader = as_user(MemberFactory()), as_user(MemberFactory())
    first = discussion_html(reader, project, project_post.pk)
    assert "Ordre du jour" in first and renders == [project_post.pk]
    discussion_html(other_reader, project, project_post.pk)
    assert renders == [project_post.pk]  # the same situation: from the cache
    services.post_edit(actor=member, post=project_post, body="Ordre du jour **modifié**")
    assert "<strong>modifié</strong>" in discussion_html(reader, project, project_post.pk)
    services.comment_create(actor=member, post=project_post, body="Je m'occupe de la salle")
    assert "Je m'occupe de la salle" in discussion_html(reader, project, project_post.pk)
    assert len(renders) == 3


def test_a_project_members_rights_never_reach_a_reader(as_user, member, project, project_post):
    """The project's members comment and react; the network's other members only read."""
    from projects.models import ProjectMembership

    contributor = MemberFactory()
    ProjectMembership.objects.create(project=project, member=contributor, role="contributor",
                                     state="member")
    react = f'action="/mur/billet/{project_post.pk}/reagir/"'
    edit = f"/mur/billet/{project_post.pk}/modifier/"
    reader = as_user(MemberFactory())
    assert react not in discussion_html(reader, project, project_post.pk)
    theirs = discussion_html(as_user(contributor), project, project_post.pk)
    assert react in theirs and edit not in theirs
    assert edit in discussion_html(as_user(member), project, project_post.pk)  # the author
    assert react not in discussion_html(reader, project, project_post.pk)
    ProjectMembership.objects.filter(member=contributor).delete()
    assert react not in discussion_html(as_user(contributor), project, project_post.pk)
