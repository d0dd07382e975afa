from django.urls import path

from walls.views import attachments, comments, moderation, posts, questions, search, walls

app_name = "walls"

# walls.services.RESERVED_SLUGS keeps themed walls off the fixed paths below.
urlpatterns = [
    path("", walls.group, name="group"),
    path("murs/", walls.index, name="index"),
    path("murs/nouveau/", walls.wall_create, name="wall_create"),
    path("recherche/", search.search, name="search"),
    path("questions/", questions.questions, name="questions"),
    path("questions/nouvelle/", questions.question_create, name="question_create"),
    path("questions/<int:pk>/qui-peut-aider/", questions.question_help, name="question_help"),
    path("commentaire/<int:pk>/accepter/", questions.answer_accept, name="answer_accept"),
    path("billet/<int:pk>/", posts.post_detail, name="post_detail"),
    path("billet/<int:pk>/modifier/", posts.post_edit, name="post_edit"),
    path("billet/<int:pk>/supprimer/", posts.post_delete, name="post_delete"),
    path("billet/<int:pk>/signaler/", posts.post_report, name="post_report"),
    path("billet/<int:pk>/reagir/", posts.reaction_toggle, name="reaction_toggle"),
    path("billet/<int:pk>/commenter/", comments.comment_create, name="comment_create"),
    path("billet/<int:pk>/epingler/", moderation.post_pin, name="post_pin"),
    path("billet/<int:pk>/desepingler/", moderation.post_unpin, name="post_unpin"),
    path("piece-jointe/<int:pk>/", attachments.download, name="attachment_download"),
    path("piece-jointe/<int:pk>/apercu/", attachments.thumbnail, name="attachment_thumbnail"),
    path("commentaire/<int:pk>/modifier/", comments.comment_edit, name="comment_edit"),
    path("commentaire/<int:pk>/supprimer/", comments.comment_delete, name="comment_delete"),
    path("commentaire/<int:pk>/signaler/", comments.comment_report, name="comment_report"),
    path("<slug:slug>/", walls.wall, name="wall"),
    path("<slug:slug>/publier/", walls.post_create, name="post_create"),
    path("<slug:slug>/question/", questions.question_create, name="wall_question_create"),
    path("<slug:slug>/archiver/", walls.wall_archive, name="wall_archive"),
    path("<slug:slug>/nouveautes/", walls.activity, name="activity"),
]
