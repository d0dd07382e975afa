from django.urls import path

from documents.views import documents, downloads, library, versions

app_name = "documents"

urlpatterns = [
    path("", library.overview, name="overview"),
    path("parcourir/", library.browse, name="browse"),
    path("recherche/", library.search, name="search"),
    path("proposer/", documents.propose, name="propose"),
    path("mes-documents/", library.mine, name="mine"),
    path("<int:pk>/", documents.detail, name="detail"),
    path("<int:pk>/modifier/", documents.edit, name="edit"),
    path("<int:pk>/supprimer/", documents.delete, name="delete"),
    path("<int:pk>/signaler/", documents.report, name="report"),
    path("<int:pk>/versions/", versions.upload, name="version_upload"),
    path("<int:pk>/versions/<int:number>/restaurer/", versions.restore, name="version_restore"),
    path("fichiers/<int:pk>/", downloads.download, name="download"),
    path("fichiers/<int:pk>/apercu/", downloads.thumbnail, name="thumbnail"),
]
