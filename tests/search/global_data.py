"""The data of the global search's tests: one rare word, "quinoa", in every kind of thing, some
that every member may read and some that nobody but a few may (or nobody at all)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.timezone import now

from moderation.models import ModerationStatus
from news import services as news_services
from news.models import NewsItem
from projects.models import Project, ProjectMembership
from projects.services import project_create
from search.indexing import rebuild
from tests.documents.helpers import pdf_file, project_document, published
from tests.factories import CommentFactory, MemberFactory, PostFactory
from walls.models import Post
from walls.services.posts import post_create

WORD = "quinoa"
INDEXES = ["members", "posts", "news", "projects", "documents"]


@dataclass
class World:
    project_member: object
    private_project: Project
    open_project: Project


def build(*, member, moderator, committed) -> World:
    """Readable by every member: a member who can help with quinoa, a post, a question, a
    comment, a news item, an open project, a library document (the word in its file's text).
    Readable by the private project's members only: that project, a post on its wall and its
    document. Readable by nobody in a search: hidden, pending, deleted posts and comments,
    a pending news item and one scheduled for tomorrow, a hidden project, a pending document."""
    project_member = MemberFactory(first_name="Paule", last_name="Projet")
    MemberFactory(first_name="Quentin", last_name="Cultivateur",
                  onboarded__skills=["Culture du quinoa"])
    with committed():
        PostFactory(author=member, body="Qui a semé du quinoa cette année ?")
        PostFactory(author=member, kind=Post.Kind.QUESTION,
                    body="Question : où trouver des semences de quinoa bio ?")
        CommentFactory(post=PostFactory(author=member, body="Le marché de producteurs"),
                       body="On y trouve du quinoa local.")
        PostFactory(author=member, body="Quinoa caché", moderation_status=ModerationStatus.HIDDEN)
        PostFactory(author=member, body="Quinoa en attente",
                    moderation_status=ModerationStatus.PENDING)
        PostFactory(author=member, body="Quinoa supprimé", deleted_at=now())
        CommentFactory(post=PostFactory(author=member, body="Sans le mot"),
                       body="Quinoa masqué", moderation_status=ModerationStatus.HIDDEN)
        news_services.news_publish(actor=moderator, title="La filière quinoa s'organise",
                                   summary="Un point sur la filière.")
        news_services.news_publish(actor=moderator, title="Quinoa de demain",
                                   summary="Pas encore.",
                                   scheduled_for=timezone.now() + timedelta(days=1))
        NewsItem.objects.create(author=member, title="Quinoa proposé", summary="En attente.",
                                moderation_status=ModerationStatus.PENDING)
        open_project = project_create(actor=member, title="Coopérative de quinoa",
                                      summary="Des producteurs ensemble.")
        private_project = project_create(actor=member, title="Quinoa confidentiel",
                                         summary="Un projet privé.",
                                         visibility=Project.Visibility.PRIVATE)
        ProjectMembership.objects.create(project=private_project, member=project_member,
                                         state=ProjectMembership.State.MEMBER)
        post_create(actor=member, wall=private_project.wall, body="Réunion quinoa du projet")
        project_document(member, private_project, title="Convention quinoa")
        hidden_project = project_create(actor=member, title="Quinoa masqué",
                                        summary="Un projet caché.")
        Project.objects.filter(pk=hidden_project.pk).update(
            moderation_status=ModerationStatus.HIDDEN)
        published(moderator, title="Guide des cultures", uploads=[pdf_file(
            text="Cultiver le quinoa en Bretagne")])
        from documents import services as document_services
        from tests.documents.helpers import card, text_file
        document_services.document_propose(actor=member, **card(title="Quinoa proposé"),
                                           uploads=[text_file()], note="")
    for name in INDEXES:
        rebuild(name)
    return World(project_member=project_member, private_project=private_project,
                 open_project=open_project)
