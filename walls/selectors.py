"""Reads of the walls, shaped so that a page costs the same number of queries whatever the
number of posts, comments and reactions on it."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, Max, Q, QuerySet, Value, When

from community.models import User
from moderation.models import ModerationStatus
from notifications.models import Notification
from walls import permissions
from walls.models import Comment, Post, Reaction, Wall

# Posts per page of a wall ("Voir plus" brings the next ones): each comes with its comments,
# reactions and forms, the bulk of the page's cost (docs/benchmarks.md, "Pages under load").
PAGE_SIZE = 10


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    emoji: str
    label: str
    count: int
    mine: bool


@dataclass
class Feed:
    """One page of a wall: its pinned posts (first page only), then posts newest first."""

    pinned: list[Post] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    # The cursor of the next page (``?avant=<id>``), or None on the last page.
    next_before: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.pinned and not self.posts


def group_wall() -> Wall | None:
    """The network's wall (a data migration creates it)."""
    return Wall.objects.filter(kind=Wall.Kind.GROUP).first()


def walls_for_sidebar() -> list[Wall]:
    """Every wall, the network's first, then the themed ones by name (one query). Projects'
    walls are their projects' business: they are not listed with the network's."""
    return list(Wall.objects.exclude(kind=Wall.Kind.PROJECT).order_by("kind", "name"))


def group_wall_and_sidebar() -> tuple[Wall | None, list[Wall]]:
    """The network's wall and the sidebar's walls, from the sidebar's one query (/mur/)."""
    walls = walls_for_sidebar()
    return next((wall for wall in walls if wall.is_group), None), walls


def walls_overview() -> list[Wall]:
    """The list of walls with how many posts each has and when the last one came (one query)."""
    published = Q(posts__deleted_at__isnull=True,
                  posts__moderation_status=ModerationStatus.PUBLISHED)
    return list(
        Wall.objects.exclude(kind=Wall.Kind.PROJECT).annotate(
            post_count=Count("posts", filter=published),
            last_post_at=Max("posts__created_at", filter=published),
        ).order_by("kind", "name")
    )


def visible_posts(user) -> QuerySet[Post]:
    """Posts ``user`` may see (walls/permissions.py ``can_view_post``), with what a page shows."""
    posts = Post.objects.filter(deleted_at__isnull=True)
    if not permissions.can_moderate_walls(user):
        posts = posts.filter(Q(moderation_status=ModerationStatus.PUBLISHED) | Q(author=user))
    return posts.select_related("wall__project", "author__profile")


def wall_feed(user, wall: Wall, *, before: int | None = None, limit: int = PAGE_SIZE) -> Feed:
    """A page of the wall for ``user``: four queries, whatever is on it."""
    posts = visible_posts(user).filter(wall=wall)
    pinned = []
    if before is None:
        pinned = list(posts.filter(pinned_at__isnull=False).order_by("-pinned_at", "-pk"))
    stream = posts.filter(pinned_at__isnull=True)
    if before is not None:
        stream = stream.filter(pk__lt=before)
    page = list(stream.order_by("-pk")[: limit + 1])
    next_before = page[limit - 1].pk if len(page) > limit else None
    page = page[:limit]
    for post in [*pinned, *page]:
        post.wall = wall  # one wall, so a project wall's permissions are read once
    attach_details([*pinned, *page], user)
    return Feed(pinned=pinned, posts=page, next_before=next_before)


def post_page(user, post: Post) -> Post:
    """One post with its comments and reactions, as on the wall."""
    attach_details([post], user)
    return post


def attach_details(posts: list[Post], user) -> None:
    """Give each post ``threads``, ``comment_count``, ``reaction_list`` and
    ``attachment_list``: three queries."""
    if not posts:
        return
    from walls.attachments import attach_files

    _attach_comments(posts, user)
    attach_reactions(posts, user)
    attach_files(posts, user)


def _attach_comments(posts: list[Post], user) -> None:
    """``post.threads``: its top-level comments, each with ``visible_replies``. A comment the
    reader may not see (deleted, or hidden by the moderators) stays as a tombstone only when
    it has replies they can see, so that those keep their context; ``comment.visible`` says
    which. Replies are never nested deeper."""
    moderator = permissions.can_moderate_walls(user)
    comments = (
        Comment.objects.filter(post__in=[post.pk for post in posts])
        .select_related("author__profile")
        .order_by("created_at", "pk")
    )
    by_pk = {post.pk: post for post in posts}
    tops: dict[int, list[Comment]] = defaultdict(list)
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        comment.post = by_pk[comment.post_id]  # permissions read it: no query per comment
        comment.visible = not comment.is_deleted and (
            comment.is_published or moderator
            or (comment.author_id is not None and comment.author_id == user.pk)
        )
        if comment.parent_id is None:
            tops[comment.post_id].append(comment)
        else:
            replies[comment.parent_id].append(comment)
    for post in posts:
        threads, count = [], 0
        for top in tops.get(post.pk, []):
            top.visible_replies = [reply for reply in replies.get(top.pk, []) if reply.visible]
            if top.visible or top.visible_replies:
                threads.append(top)
                count += int(top.visible) + len(top.visible_replies)
        post.threads = threads
        post.comment_count = count


def attach_reactions(posts: list[Post], user) -> None:
    """``post.reaction_list``: every kind of reaction with its count and whether ``user``
    chose it, from one grouped query."""
    rows = (
        Reaction.objects.filter(post__in=[post.pk for post in posts])
        .values("post_id", "kind")
        .annotate(count=Count("id"), mine=Count("id", filter=Q(member=user.pk)))
        .order_by()
    )
    found = {(row["post_id"], row["kind"]): row for row in rows}
    for post in posts:
        post.reaction_list = []
        for kind in Reaction.Kind:
            row = found.get((post.pk, kind.value), {})
            post.reaction_list.append(ReactionCount(
                kind=kind.value, emoji=Reaction.EMOJI[kind], label=str(kind.label),
                count=row.get("count", 0), mine=bool(row.get("mine")),
            ))


# --- Live activity (docs/realtime.md, "wall", static/js/walls.js) ------------------------------


def activity_marks() -> dict[str, int]:
    """The newest post and comment ids anywhere: what a page rendered now already includes.
    Ids only grow, so "after these" is "new since then" (two index lookups, one query: every
    wall page asks)."""
    quote = connection.ops.quote_name
    newest = [  # our own tables' names, quoted
        f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})"  # noqa: S608
        for model in (Post, Comment)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(newest)}")
        post, comment = cursor.fetchone()
    return {"post": post or 0, "comment": comment or 0}


def activity_since(user, wall_id: int, *, after_post: int | None = None,
                   after_comment: int | None = None,
                   post_id: int | None = None) -> dict[str, int]:
    """What others published on the wall after the marks a tab sends when its socket
    (re)connects, as ``user`` sees it, up to the marks of now, which the socket keeps to drop
    the live events it already counted: ``posts``, ``comments``, ``last_post``,
    ``last_comment``. Without marks, nothing is counted. With ``post_id``, only that post's
    comments (a post's page)."""
    marks = activity_marks()
    since = {"posts": 0, "comments": 0, "last_post": marks["post"],
             "last_comment": marks["comment"]}
    visible = visible_posts(user).filter(wall_id=wall_id)
    if after_post is not None and post_id is None:
        since["posts"] = (
            visible.filter(pk__gt=after_post, pk__lte=marks["post"]).exclude(author=user).count()
        )
    if after_comment is not None:
        comments = Comment.objects.filter(
            post__in=visible.values("pk"), pk__gt=after_comment, pk__lte=marks["comment"],
            deleted_at__isnull=True, moderation_status=ModerationStatus.PUBLISHED,
        ).exclude(author=user)
        if post_id is not None:
            comments = comments.filter(post_id=post_id)
        since["comments"] = comments.count()
    return since


def mentionable_members() -> list[User]:
    """Whom an @mention on a wall can name: every member still on the platform (one query).

    Every member reads every wall. Loading them all is fine for a network of hundreds; a
    federation of tens of thousands will want the names looked up from the text instead.
    """
    return list(
        User.objects.members()
        .only("id", "first_name", "last_name", "email", "status", "is_active", "role")
        .order_by("first_name", "last_name", "pk")
    )


# --- Questions (*demandes d'aide*) -----------------------------------------------------------

QUESTIONS_PAGE_SIZE = 20


def _with_answer_counts(questions: QuerySet[Post]) -> QuerySet[Post]:
    answers = Q(comments__parent__isnull=True, comments__deleted_at__isnull=True,
                comments__moderation_status=ModerationStatus.PUBLISHED)
    return (questions.select_related("metier")
            .prefetch_related("skills")
            .annotate(answer_count=Count("comments", filter=answers)))


def questions(user, *, metier: str = "", region: str = "", skill: str = "",
              answered: bool = False, before: int | None = None,
              limit: int = QUESTIONS_PAGE_SIZE) -> tuple[list[Post], int | None]:
    """A page of the questions ``user`` may see, newest first: open ones (no accepted answer),
    or the answered ones; filtered by trade, region and skill (any spelling of its case).
    Three queries whatever the page holds. Returns the page and the next page's cursor."""
    found = visible_posts(user).filter(kind=Post.Kind.QUESTION,
                                       answered_at__isnull=not answered)
    if metier:
        found = found.filter(metier_id=metier)
    if region:
        found = found.filter(region=region)
    if skill:
        found = found.filter(pk__in=Post.objects.filter(skills__name__iexact=skill).values("pk"))
    if before is not None:
        found = found.filter(pk__lt=before)
    page = list(_with_answer_counts(found).order_by("-pk")[: limit + 1])
    next_before = page[limit - 1].pk if len(page) > limit else None
    page = page[:limit]
    for post in page:
        post.skill_list = list(post.skills.all())  # prefetched
    return page, next_before


def questions_for(user, *, limit: int = 5) -> list[Post]:
    """Open questions for ``user``'s home: those they were told about (QUESTION_FOR_YOU), then
    those asking for a skill they list; never their own (four queries)."""
    from walls.services import post_key  # services import the selectors

    prefix = post_key("")
    told = [
        int(key[len(prefix):]) for key in Notification.objects.filter(
            recipient=user, kind=Notification.Kind.QUESTION_FOR_YOU, key__startswith=prefix,
        ).values_list("key", flat=True)
        if key[len(prefix):].isdigit()
    ]
    profile = getattr(user, "profile", None)
    skill_ids = list(profile.skills.values_list("pk", flat=True)) if profile is not None else []
    if not told and not skill_ids:
        return []
    matching = Q(pk__in=told)
    if skill_ids:
        matching |= Q(pk__in=Post.objects.filter(skills__in=skill_ids).values("pk"))
    found = (
        Post.objects.filter(kind=Post.Kind.QUESTION, answered_at__isnull=True,
                            deleted_at__isnull=True,
                            moderation_status=ModerationStatus.PUBLISHED)
        .filter(matching).exclude(author=user)
        .select_related("wall", "author__profile")
    )
    first = Case(When(pk__in=told, then=Value(0)), default=Value(1)) if told else Value(1)
    page = list(_with_answer_counts(found).annotate(told_first=first)
                .order_by("told_first", "-pk")[:limit])
    for post in page:
        post.skill_list = list(post.skills.all())  # prefetched
    return page
