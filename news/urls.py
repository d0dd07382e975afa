from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("proposer/", views.propose, name="propose"),
    path("mes-propositions/", views.mine, name="mine"),
    path("recherche/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/epingler/", views.pin, name="pin"),
    path("<int:pk>/desepingler/", views.unpin, name="unpin"),
    path("<int:pk>/signaler/", views.report, name="report"),
]
