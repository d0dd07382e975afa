"""The data of the pages benchmark (bench/pages.py): the demo network of ``seed_demo`` (350
members, walls, news, chat, the members' search index), then, in bulk, wall posts with French
text spread over the walls, comments and reactions, news items and welcomes in the activity
stream, open reports for the moderation queue, and logged-in sessions of members and of the
demo moderator.

Bulk data bypasses the services: a post's HTML is rendered once per distinct body
(chat.rendering.render_message, what walls.services does, without mentions), the dates are set
afterwards in SQL (``auto_now_add`` stamps "now"), and no notification, live event or posts
search index update is made (the measured pages do not read the posts index)."""

import contextlib
import random
import time
from datetime import timedelta

DOMAIN = "demo.catalyse.localhost"
SEED = 20261130

OPENINGS = [
    "Bonjour à toutes et à tous,", "Petit retour d'expérience :", "Question au réseau :",
    "Pour information,", "Je partage ici une idée qui a fait son chemin :", "Chers collègues,",
    "Suite à notre dernière rencontre,", "Un point d'étape rapide :",
]
SENTENCES = [
    "Nous avons réuni hier les partenaires du territoire autour du projet de tiers-lieu.",
    "La communauté de communes s'engage à cofinancer la phase de préfiguration.",
    "Les associations du quartier souhaitent mutualiser un poste de coordination.",
    "Quelqu'un a-t-il déjà monté un groupement d'employeurs dans le secteur de l'insertion ?",
    "Le comité de pilotage se réunira début du mois prochain à la maison des associations.",
    "L'appel à projets de la Région ferme dans trois semaines : qui est intéressé ?",
    "Nous cherchons des retours sur les outils de gouvernance partagée en SCIC.",
    "La restitution de l'étude sur la mobilité rurale est disponible sur demande.",
    "Trois entreprises locales ont rejoint la démarche de coopération économique.",
    "Les élus ont validé le principe d'une convention pluriannuelle d'objectifs.",
    "Le diagnostic partagé montre un vrai besoin d'accompagnement des jeunes.",
    "Nous avons testé un format d'atelier court, une heure trente, qui a bien fonctionné.",
    "La question du modèle économique reste ouverte après la fin des subventions.",
    "Je peux partager notre trame de convention de partenariat, écrivez-moi.",
    "La prochaine session de formation des bénévoles aura lieu au printemps.",
    "Les habitants ont proposé d'ouvrir une épicerie solidaire dans l'ancienne gare.",
    "Un grand merci à toutes celles et ceux qui ont participé au forum.",
    "Nous manquons encore de données sur l'impact social : des idées de méthodes ?",
    "La fondation territoriale peut accompagner l'amorçage de projets collectifs.",
    "Le pôle territorial de coopération économique recrute une chargée de mission.",
]
CLOSINGS = ["Merci d'avance pour vos retours !", "Au plaisir d'en discuter.", "Belle journée.",
            "N'hésitez pas à réagir ici.", ""]
COMMENTS = [
    "Merci pour le partage, très utile.", "Nous avons vécu la même chose à Nantes.",
    "Je te réponds en message privé.", "Bravo pour ce travail !",
    "Est-ce que le document est en ligne ?", "Intéressé·e, tenez-moi au courant.",
    "Nous avons un retour d'expérience similaire, on en parle à la rencontre nationale ?",
    "Attention au calendrier de la Région, il a changé cette année.",
]
REASONS = ["Propos désobligeants envers un autre membre.", "Publicité pour une formation payante.",
           "Coordonnées personnelles publiées.", "Hors sujet et répété sur plusieurs murs."]


def _bodies(rng: random.Random, count: int) -> list[str]:
    bodies = []
    for _ in range(count):
        paragraphs = [
            " ".join([rng.choice(OPENINGS), *rng.sample(SENTENCES, rng.randint(1, 3))]),
            *[" ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
              for _ in range(rng.randint(0, 2))],
            rng.choice(CLOSINGS),
        ]
        bodies.append("\n\n".join(p for p in paragraphs if p))
    return bodies


def populate(posts: int, reports: int, news: int, welcomes: int, sessions: int) -> dict:
    """Sets Django up, migrates, seeds; returns the session keys of members and moderators."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with contextlib.redirect_stdout(_Quiet()):  # the console e-mail backend's messages too
        call_command("seed_demo", stdout=_Quiet(), stderr=_Quiet())
    print(f"migrated and seed_demo in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    rng = random.Random(SEED)
    counts = _walls(rng, posts)
    counts["news items"], counts["welcomes"] = _news(rng, news, welcomes)
    counts["open reports"] = _reports(rng, reports)
    keys = _sessions(sessions)
    _analyze()
    connections.close_all()
    print("bulk data in {:.1f} s: {}".format(time.perf_counter() - started, ", ".join(
        f"{value} {name}" for name, value in counts.items())), flush=True)
    return keys


def _analyze() -> None:
    """PostgreSQL's statistics of the tables just filled in bulk, as autovacuum would gather
    within minutes on a live database: without them the planner takes the wall's 5,000 posts
    for one and sorts them all (20 ms instead of under 1 ms)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class _Quiet:
    def write(self, *_args, **_kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def _walls(rng: random.Random, count: int) -> dict:
    from django.db import connection, transaction

    from chat.rendering import render_message
    from community.models import User
    from walls.models import Comment, Post, Reaction, Wall

    walls = list(Wall.objects.filter(archived_at__isnull=True).order_by("pk"))
    group = next(wall for wall in walls if wall.is_group)
    # The network's wall takes half of the posts, the themed walls share the rest.
    weights = [len(walls) - 1 if wall.is_group else 1 for wall in walls]
    authors = list(User.objects.members().values_list("pk", flat=True))
    bodies = _bodies(rng, 400)
    htmls = {body: render_message(body)[0] for body in bodies}
    with transaction.atomic():
        first = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        rows = []
        for _ in range(count):
            body = rng.choice(bodies)
            rows.append(Post(wall=rng.choices(walls, weights)[0], author_id=rng.choice(authors),
                             body=body, html=htmls[body]))
        created = Post.objects.bulk_create(rows, batch_size=2000)
        comments, reactions = [], []
        kinds = list(Reaction.Kind.values)
        for post in created:
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3, 5))):
                text = rng.choice(COMMENTS)
                comments.append(Comment(post=post, author_id=rng.choice(authors), body=text,
                                        html=f"<p>{text}</p>"))
            for member in rng.sample(authors, rng.choice((0, 1, 2, 3, 4, 8))):
                reactions.append(Reaction(post=post, member_id=member, kind=rng.choice(kinds)))
        Comment.objects.bulk_create(comments, batch_size=2000)
        Reaction.objects.bulk_create(reactions, batch_size=2000)
        # Bulk posts: one every ~50 minutes back from the oldest seeded post, in pk order.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE walls_post SET created_at = (SELECT min(created_at) FROM walls_post "
                "WHERE id <= %s) - (%s - (id - %s)) * interval '50 minutes' WHERE id > %s",
                [first, count + 1, first, first])
            cursor.execute(
                "UPDATE walls_comment c SET created_at = p.created_at + (c.id %% 600) * "
                "interval '1 minute' FROM walls_post p WHERE c.post_id = p.id AND p.id > %s",
                [first])
    return {"posts": len(created), "on the network's wall": sum(
        post.wall_id == group.pk for post in created), "comments": len(comments),
        "reactions": len(reactions)}


def _news(rng: random.Random, count: int, welcomes: int) -> tuple[int, int]:
    from django.db import transaction
    from django.utils import timezone

    from community.models import User
    from news import services
    from news.models import ActivityEvent, NewsItem

    moderator = User.objects.get(email=f"animatrice@{DOMAIN}")
    now = timezone.now()
    with transaction.atomic():
        for index in range(count):
            sentences = rng.sample(SENTENCES, 3)
            item = services.news_publish(
                actor=moderator, title=f"Actualité du réseau n° {index + 1} : "
                f"{sentences[0][:80]}", summary=sentences[1], body=" ".join(sentences))
            when = now - timedelta(days=30 + 2 * (count - index), hours=rng.randint(0, 8))
            NewsItem.objects.filter(pk=item.pk).update(published_at=when, created_at=when)
            ActivityEvent.objects.filter(object_id=item.pk,
                                         kind=ActivityEvent.Kind.NEWS_PUBLISHED).update(
                occurred_at=when)
        welcomed = set(ActivityEvent.objects.filter(kind=ActivityEvent.Kind.MEMBER_WELCOMED)
                       .values_list("object_id", flat=True))
        people = [person for person in User.objects.members().select_related("profile")
                  .order_by("pk") if person.pk not in welcomed][:welcomes]
        for index, person in enumerate(people):
            event = services.member_welcomed(member=person, actor=moderator)
            ActivityEvent.objects.filter(pk=event.pk).update(
                occurred_at=now - timedelta(days=30 + index, hours=rng.randint(0, 8)))
    return count, len(people)


def _reports(rng: random.Random, count: int) -> int:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F

    from community.models import User
    from moderation.models import Report
    from walls.models import Post

    posts = list(Post.objects.select_related("wall").annotate(author_pk=F("author_id"))
                 .order_by("?")[:count])
    members = list(User.objects.members().values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(Post)
    rows = []
    for post in posts:
        reporter = rng.choice([pk for pk in members[:50] if pk != post.author_pk])
        rows.append(Report(reporter_id=reporter, content_type=content_type, object_id=post.pk,
                           reason=rng.choice(REASONS), excerpt=post.body[:500],
                           target_author_id=post.author_pk,
                           context_label=f"Mur « {post.wall.name} »"))
    Report.objects.bulk_create(rows)
    return Report.objects.filter(status=Report.Status.OPEN).count()


def _sessions(count: int) -> dict:
    """``count`` sessions of distinct members (not moderators), and ``count`` sessions of the
    demo moderator (animatrice@)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from community.models import Role, User

    moderator = User.objects.get(email=f"animatrice@{DOMAIN}")
    members = [user for user in User.objects.members().filter(role=Role.MEMBER).order_by("pk")
               if user.pk != moderator.pk][:count]
    store, backend = SessionStore(), settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + timedelta(days=1)
    keys: dict[str, list[str]] = {"member": [], "moderator": []}
    charter = _charter_accepted([*members, moderator])
    rows = []
    for role, user in [*(("member", user) for user in members),
                       *(("moderator", moderator) for _ in range(count))]:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        rows.append(Session(session_key=key, expire_date=expires, session_data=store.encode({
            SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(), **charter})))
        keys[role].append(key)
    Session.objects.bulk_create(rows)
    return keys


def _charter_accepted(users) -> dict:
    """The current charter accepted by ``users``, and what a session of theirs holds after
    login (legal/gate.py), as for the network's members: no page redirects to /charte/."""
    try:
        from legal import gate
        from legal.models import CharterAcceptance
        from legal.selectors import current_charter
    except ImportError:
        return {}
    version = current_charter()
    if version is None:
        return {}
    for user in users:
        CharterAcceptance.objects.get_or_create(user=user, version=version)
    return {gate.SESSION_KEY: version.number}


def reuse(sessions: int) -> dict:
    """The data of an earlier run kept with --keep: Django set up, migrations applied (the code
    may have moved since), new sessions (this run's ``SECRET_KEY`` is new)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    keys = _sessions(sessions)
    connections.close_all()
    return keys
