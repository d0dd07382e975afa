from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.everywhere, name="everywhere"),
    path("suggestions/", views.suggestions, name="suggestions"),
]
