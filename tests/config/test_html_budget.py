"""The HTML budget of the four busiest pages (issue 20, docs/benchmarks.md "Pages under load").

Each page is rendered with the test client over a data set as full as the page shows (a wall page
of 10 posts with comments, replies and reactions; a full members page with its map; a feed page;
a full moderation queue), and its HTML must stay under its budget: a template that starts
repeating markup per item, or a map that brings its shapes back inline, fails here, not in
production. The budgets leave about 15 % of room over what the pages weigh today; a page that
grows past its budget on purpose raises it here, in the same commit, and says why.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from moderation.models import Report
from news import services as news_services
from search.indexing import rebuild
from tests.factories import CommentFactory, MemberFactory, PostFactory
from walls import selectors
from walls.models import Post, Reaction

pytestmark = pytest.mark.django_db

BUDGETS = {  # bytes of HTML (not compressed); the goal is 60 kB for every page (issue 20)
    "/mur/": 60_000,  # the goal; 50.2 kB today (57.0 kB on the benchmark's data, 72 kB before
    # the comment form on demand, the reactions' emoji in CSS, lighter action lists and labels
    # without a class of their own)
    "/mur/ (moderator)": 60_000,  # the goal; 67.7 kB on the benchmark's data and 58.9 kB here
    # while "Pin" and "Hide…" were on every post and "Hide…" on every comment: one
    # "Moderate…" link per post now brings them on demand
    "/actualites/": 20_000,  # 17.5 kB today
    "/membres/": 57_000,  # 49.4 kB today (128 kB before the map's shapes moved to a file)
    "/animation/signalements/": 35_000,  # 30 kB today
}
BODY = ("Bonjour à toutes et à tous, nous avons réuni hier les partenaires du territoire autour "
        "du projet de tiers-lieu. La communauté de communes s'engage à cofinancer la phase de "
        "préfiguration. Quelqu'un a-t-il déjà monté un groupement d'employeurs dans le secteur "
        "de l'insertion ? Merci d'avance pour vos retours !")
COMMENTS = ["Merci pour le partage, très utile.", "Nous avons vécu la même chose à Nantes.",
            "Est-ce que le document est en ligne ?", "Bravo pour ce travail !",
            "Attention au calendrier de la Région, il a changé cette année."]
SKILLS = ["Animation de réseau", "Tiers-lieux", "Financements européens", "Mécénat",
          "Gouvernance partagée", "Évaluation d'impact", "Facilitation"]
REGIONS = ["bretagne", "occitanie", "grand-est", "la-reunion", "normandie", "hauts-de-france"]


@pytest.fixture
def people(db):
    """30 onboarded members as the directory lists them: trades, several skills, a region."""
    metier_sets = [["accompagnement"], ["dialogue-territorial", "gestion-d-un-lieu"],
                   ["experimentations-collectives", "accompagnement", "dialogue-territorial"]]
    members = [
        MemberFactory(onboarded__region=REGIONS[index % len(REGIONS)],
                      onboarded__metiers=metier_sets[index % len(metier_sets)],
                      onboarded__skills=[SKILLS[(index + step) % len(SKILLS)]
                                         for step in range(6)])
        for index in range(30)
    ]
    rebuild("members")
    return members


@pytest.fixture
def wall_posts(people):
    """More than a wall page of posts, as the benchmark's data has them (bench/pages_data.py):
    0, 0, 0, 1, 1, 2, 3 or 5 comments (the second of each post a reply) and 0 to 8 reactions;
    a third of the posts are longer."""
    wall = selectors.group_wall()
    kinds = list(Reaction.Kind.values)
    for number in range(selectors.PAGE_SIZE + 5):
        body = BODY * (2 if number % 3 == 0 else 1)
        post = PostFactory(wall=wall, author=people[number % 30], body=body,
                           html=f"<p>{body}</p>")
        first = None
        for index in range((0, 0, 0, 1, 1, 2, 3, 5)[number % 8]):
            comment = CommentFactory(post=post, author=people[(number + index + 1) % 30],
                                     parent=first if index == 1 else None,
                                     body=COMMENTS[index % len(COMMENTS)])
            first = first or comment
        for offset in range((0, 1, 2, 3, 4, 8)[number % 6]):
            Reaction.objects.create(post=post, member=people[(number + offset) % 30],
                                    kind=kinds[offset % len(kinds)])
    return wall


@pytest.fixture
def news_items(moderator, people):
    for number in range(30):
        news_services.news_publish(
            actor=moderator, title=f"Actualité du réseau n° {number} : le comité de pilotage",
            summary="La communauté de communes s'engage à cofinancer la préfiguration.",
            body=BODY)
    for person in people[:20]:
        news_services.member_welcomed(member=person, actor=moderator)


@pytest.fixture
def open_reports(wall_posts, people):
    content_type = ContentType.objects.get_for_model(Post)
    Report.objects.bulk_create([
        Report(reporter=people[(index + 5) % 30], content_type=content_type, object_id=post.pk,
               reason="Propos désobligeants envers un autre membre.", excerpt=post.body[:500],
               target_author_id=post.author_id, context_label="Mur « Le réseau »")
        for index, post in enumerate(Post.objects.all())
    ])


def page_size(client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, path
    return len(response.content)


def test_the_wall_stays_under_its_budget(as_user, people, wall_posts):
    html = as_user(people[0]).get("/mur/").content.decode()
    assert html.count('<article class="wall-post') == selectors.PAGE_SIZE
    assert html.count('<article class="wall-comment') >= selectors.PAGE_SIZE
    assert len(html.encode()) < BUDGETS["/mur/"], len(html.encode())


def test_a_moderators_wall_stays_under_its_budget(as_user, moderator, wall_posts):
    """A moderator's wall carries one "Moderate…" link per post, which brings "Pin" and
    "Hide…" for the post and its comments on demand (tests/walls/test_moderation_on_demand.py)."""
    html = as_user(moderator).get("/mur/").content.decode()
    assert html.count('<article class="wall-post') == selectors.PAGE_SIZE
    assert html.count("data-wall-moderate") == selectors.PAGE_SIZE
    assert len(html.encode()) < BUDGETS["/mur/ (moderator)"], len(html.encode())


def test_the_feed_stays_under_its_budget(as_user, people, news_items):
    assert page_size(as_user(people[0]), "/actualites/") < BUDGETS["/actualites/"]


def test_the_members_page_stays_under_its_budget(as_user, people):
    response = as_user(people[0]).get("/membres/")
    assert len(response.context["cards"]) == 24  # a full page
    html = response.content.decode()
    assert html.count("carte.svg?v=") >= 18  # the whole map, by reference
    assert len(response.content) < BUDGETS["/membres/"], len(response.content)


def test_the_moderation_queue_stays_under_its_budget(as_user, moderator, open_reports):
    response = as_user(moderator).get("/animation/signalements/")
    assert response.content.decode().count("Propos désobligeants") >= 10  # a full page
    assert len(response.content) < BUDGETS["/animation/signalements/"], len(response.content)
