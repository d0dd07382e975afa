"""What the walls hold of a member, for their export (privacy/export/registry.py): their posts
(with the files attached), their questions to peers, their comments and answers, their
reactions. The post a comment or an answer belongs to is named by its number and wall only:
it is usually somebody else's."""

from django.utils.translation import gettext_lazy as _

from privacy.export.registry import CHUNK, Column, ExportFile, ExportSection, register
from walls.models import Comment, Post, PostAttachment, Reaction


def _post_row(post: Post) -> dict:
    return {"id": post.pk, "wall": post.wall.name, "text": post.body,
            "created_at": post.created_at, "edited_at": post.edited_at,
            "deleted_at": post.deleted_at, "status": post.get_moderation_status_display(),
            "answered_at": post.answered_at}


def post_rows(member):
    posts = (Post.objects.filter(author=member, kind=Post.Kind.POST).select_related("wall")
             .order_by("pk"))
    for post in posts.iterator(chunk_size=CHUNK):
        yield _post_row(post)


def question_rows(member):
    posts = (Post.objects.filter(author=member, kind=Post.Kind.QUESTION)
             .select_related("wall").order_by("pk"))
    for post in posts.iterator(chunk_size=CHUNK):
        yield _post_row(post)


POST_COLUMNS = (
    Column("id", _("Number")),
    Column("wall", _("Wall")),
    Column("text", _("Text")),
    Column("created_at", _("Published on")),
    Column("edited_at", _("Edited on")),
    Column("deleted_at", _("Deleted on")),
    Column("status", _("Moderation")),
)

register(ExportSection(
    key="billets", title=_("Wall posts"), order=20, rows=post_rows,
    description=_("what you posted on the walls"), columns=POST_COLUMNS,
))
register(ExportSection(
    key="questions", title=_("Questions to peers"), order=21, rows=question_rows,
    description=_("the questions you asked the network"),
    columns=(*POST_COLUMNS, Column("answered_at", _("Answered on"))),
))


def attachment_rows(member):
    attachments = (PostAttachment.objects.filter(post__author=member).order_by("post", "pk"))
    for attachment in attachments.iterator(chunk_size=CHUNK):
        yield {"post": attachment.post_id, "name": attachment.display_name,
               "size": attachment.size, "created_at": attachment.created_at,
               "file": ExportFile(attachment.file.name, attachment.display_name)}


register(ExportSection(
    key="billets-fichiers", title=_("Files attached to your posts"), order=22,
    rows=attachment_rows, description=_("the pictures and files you attached to your posts"),
    columns=(
        Column("post", _("Post number")),
        Column("name", _("Name")),
        Column("size", _("Size (bytes)")),
        Column("created_at", _("Added on")),
        Column("file", _("File in the archive")),
    ),
))


def _comment_rows(member, *, on_questions: bool):
    comments = (Comment.objects.filter(author=member, post__kind=(
        Post.Kind.QUESTION if on_questions else Post.Kind.POST))
        .select_related("post__wall").order_by("pk"))
    for comment in comments.iterator(chunk_size=CHUNK):
        row = {"id": comment.pk, "post": comment.post_id, "wall": comment.post.wall.name,
               "reply_to": comment.parent_id, "text": comment.body,
               "created_at": comment.created_at, "edited_at": comment.edited_at,
               "deleted_at": comment.deleted_at,
               "status": comment.get_moderation_status_display()}
        if on_questions:
            row["accepted"] = comment.post.accepted_answer_id == comment.pk
        yield row


COMMENT_COLUMNS = (
    Column("id", _("Number")),
    Column("post", _("Post number")),
    Column("wall", _("Wall")),
    Column("reply_to", _("In reply to comment number")),
    Column("text", _("Text")),
    Column("created_at", _("Published on")),
    Column("edited_at", _("Edited on")),
    Column("deleted_at", _("Deleted on")),
    Column("status", _("Moderation")),
)

register(ExportSection(
    key="commentaires", title=_("Comments"), order=23,
    rows=lambda member: _comment_rows(member, on_questions=False),
    description=_("your comments on posts"), columns=COMMENT_COLUMNS,
))
register(ExportSection(
    key="reponses", title=_("Answers to questions"), order=24,
    rows=lambda member: _comment_rows(member, on_questions=True),
    description=_("your answers to the network's questions, and whether they were accepted"),
    columns=(*COMMENT_COLUMNS, Column("accepted", _("Accepted answer"))),
))


def reaction_rows(member):
    reactions = Reaction.objects.filter(member=member).select_related("post__wall").order_by("pk")
    for reaction in reactions.iterator(chunk_size=CHUNK):
        yield {"post": reaction.post_id, "wall": reaction.post.wall.name,
               "reaction": reaction.get_kind_display(), "created_at": reaction.created_at}


register(ExportSection(
    key="reactions", title=_("Reactions"), order=25, rows=reaction_rows,
    description=_("your reactions to posts"),
    columns=(
        Column("post", _("Post number")),
        Column("wall", _("Wall")),
        Column("reaction", _("Reaction")),
        Column("created_at", _("Date")),
    ),
))
