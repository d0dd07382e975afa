from django.urls import path

from chat import mention_views, room_member_views, search_views, views

app_name = "chat"

urlpatterns = [
    path("", views.index, name="index"),
    path("nouveau/", views.room_create, name="room_create"),
    path("non-lus/", views.unread, name="unread"),
    path("recherche/", search_views.search, name="search"),
    path("direct/<int:user_pk>/", views.direct, name="direct"),
    path("<int:pk>/", views.room, name="room"),
    path("<int:pk>/send/", views.message_send, name="send"),
    path("<int:pk>/messages/<int:message_pk>/", search_views.message_in_context,
         name="message"),
    path("<int:pk>/membres.json", mention_views.room_members, name="room_members_json"),
    path("<int:pk>/messages/<int:message_pk>/modifier/", views.message_edit,
         name="message_edit"),
    path("<int:pk>/messages/<int:message_pk>/supprimer/", views.message_delete,
         name="message_delete"),
    path("<int:pk>/messages/<int:message_pk>/signaler/", views.message_report,
         name="message_report"),
    path("<int:pk>/lu/", views.mark_read, name="mark_read"),
    path("<int:pk>/rejoindre/", views.room_join, name="join"),
    path("<int:pk>/quitter/", views.room_leave, name="leave"),
    path("<int:pk>/archiver/", views.room_archive, name="archive"),
    path("<int:pk>/inviter/", room_member_views.room_invite, name="invite"),
    path("<int:pk>/membres/<int:user_pk>/retirer/", room_member_views.room_member_remove,
         name="member_remove"),
]
