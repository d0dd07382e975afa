from django.urls import path

from community.views import help as help_views
from community.views import map as map_views
from community.views import members, moderation, public

app_name = "community"

urlpatterns = [
    path("", public.home, name="home"),
    path("candidature/", public.application_status, name="application_status"),
    path("invitation/<str:token>/", public.invitation_accept_view, name="invitation_accept"),
    path("bienvenue/", members.onboarding, name="onboarding"),
    path("membres/", members.directory, name="directory"),
    path("membres/carte.svg", map_views.region_map_shapes,
         name="region_map_shapes"),
    path("qui-peut-m-aider/", help_views.who_can_help, name="who_can_help"),
    path("membres/<int:pk>/", members.member_detail, name="member_detail"),
    path("membres/<int:pk>/photo/", members.member_photo, name="member_photo"),
    path("profil/", members.profile_edit, name="profile_edit"),
    path("animation/candidatures/", moderation.applications, name="applications"),
    path(
        "animation/candidatures/<int:pk>/approuver/",
        moderation.application_approve,
        name="application_approve",
    ),
    path(
        "animation/candidatures/<int:pk>/refuser/",
        moderation.application_reject,
        name="application_reject",
    ),
    path("animation/invitations/", moderation.invitations, name="invitations"),
    path("animation/suspensions/", moderation.suspended_members, name="suspended_members"),
    path("animation/membres/<int:pk>/suspendre/", moderation.member_suspend,
         name="member_suspend"),
    path("animation/membres/<int:pk>/reactiver/", moderation.member_reactivate,
         name="member_reactivate"),
    path("animation/membres/<int:pk>/role/", moderation.member_role, name="member_role"),
]
