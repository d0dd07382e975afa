from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("signalements/", views.reports, name="reports"),
    path("signalements/<int:pk>/classer/", views.report_dismiss, name="report_dismiss"),
    path("signalements/<int:pk>/avertir/", views.report_warn, name="report_warn"),
    path("decision/<str:kind>/<int:pk>/<slug:decision>/", views.decide, name="decide"),
    path("avertir/<str:kind>/<int:pk>/", views.item_warn, name="item_warn"),
    path("journal/", views.journal, name="journal"),
]
