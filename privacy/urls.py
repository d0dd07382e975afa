from django.urls import path

from privacy import views
from privacy.closure import views as closure_views

app_name = "privacy"

urlpatterns: list = [
    path("mes-donnees/fermer-mon-compte/", closure_views.close_own_account,
         name="close_own_account"),
    path("mes-donnees/compte-ferme/", closure_views.closure_done, name="closure_done"),
    path("animation/membres/<int:pk>/fermer-le-compte/", closure_views.close_member_account,
         name="close_member_account"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/export/", views.export_request, name="export_request"),
    path("mes-donnees/export/etat/", views.export_status, name="export_status"),
    path("mes-donnees/export/<int:pk>/telecharger/", views.export_download,
         name="export_download"),
    path("animation/membres/<int:pk>/export/", views.export_for_member,
         name="export_for_member"),
]
