"""A project's documents, under /projets/<project_pk>/documents/ (config/urls.py)."""

from django.urls import path

from documents.views import projects

app_name = "project_documents"

urlpatterns = [
    path("<int:project_pk>/documents/", projects.project_list, name="list"),
    path("<int:project_pk>/documents/ajouter/", projects.project_add, name="add"),
]
