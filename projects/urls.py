from django.urls import path

from projects.views import discussion, listing, membership, pages, work

app_name = "projects"

urlpatterns = [
    path("", listing.project_list, name="list"),
    path("nouveau/", listing.project_create, name="create"),
    path("<int:pk>/", pages.presentation, name="detail"),
    path("<int:pk>/modifier/", pages.project_edit, name="edit"),
    path("<int:pk>/archiver/", pages.project_archive, name="archive"),
    path("<int:pk>/desarchiver/", pages.project_unarchive, name="unarchive"),
    path("<int:pk>/signaler/", pages.project_report, name="report"),
    path("<int:pk>/discussion/", discussion.discussion, name="discussion"),
    path("<int:pk>/chat/", discussion.chat, name="chat"),
    path("<int:pk>/taches/", work.tasks, name="tasks"),
    path("<int:pk>/taches/<int:task_pk>/modifier/", work.task_edit, name="task_edit"),
    path("<int:pk>/taches/<int:task_pk>/statut/", work.task_status, name="task_status"),
    path("<int:pk>/taches/<int:task_pk>/supprimer/", work.task_delete, name="task_delete"),
    path("<int:pk>/jalons/", work.milestone_create, name="milestone_create"),
    path("<int:pk>/jalons/<int:milestone_pk>/supprimer/", work.milestone_delete,
         name="milestone_delete"),
    path("<int:pk>/membres/", membership.members, name="members"),
    path("<int:pk>/membres/inviter/", membership.invite, name="invite"),
    path("<int:pk>/membres/candidats/", membership.invite_candidates, name="invite_candidates"),
    path("<int:pk>/membres/<int:membership_pk>/accepter/", membership.accept, name="accept"),
    path("<int:pk>/membres/<int:membership_pk>/refuser/", membership.decline, name="decline"),
    path("<int:pk>/membres/<int:membership_pk>/role/", membership.set_role, name="set_role"),
    path("<int:pk>/membres/<int:membership_pk>/retirer/", membership.remove, name="remove"),
    path("<int:pk>/rejoindre/", membership.join, name="join"),
    path("<int:pk>/rejoindre/annuler/", membership.join_cancel, name="join_cancel"),
    path("<int:pk>/quitter/", membership.leave, name="leave"),
    path("<int:pk>/invitation/", membership.invitation, name="invitation"),
]
