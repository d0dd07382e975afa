from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("signalements/", views.reports, name="reports"),
    path("signalements/<int:pk>/classer/", views.report_dismiss, name="report_dismiss"),
    path("journal/", views.journal, name="journal"),
]
