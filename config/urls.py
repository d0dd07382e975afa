from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from config.health import healthz

urlpatterns = [
    path("", include("community.urls")),
    path("chat/", include("chat.urls")),
    path("notifications/", include("notifications.urls")),
    path("mur/", include("walls.urls")),
    path("actualites/", include("news.urls")),
    path("animation/", include("moderation.urls")),
    path("projets/", include("projects.urls")),
    path("projets/", include("documents.project_urls")),
    path("documents/", include("documents.urls")),
    path("agenda/", include("events.urls")),
    path("recherche/", include("search.urls")),
    path("", include("privacy.urls")),
    path("", include("legal.urls")),
    path("comptes/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path(f"{settings.ADMIN_URL}", admin.site.urls),
]

# A French 400 page; too many files in one upload is its main case (documents/errors.py).
handler400 = "documents.errors.bad_request"
# The other error pages, in French and the site's layout, with a way back (config/errors.py).
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
