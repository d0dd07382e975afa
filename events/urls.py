from django.urls import path

from events.views import calendars, follow_up, pages, registrations

app_name = "events"

urlpatterns = [
    path("", pages.agenda, name="agenda"),
    path("proposer/", pages.create, name="create"),
    path("calendrier/", calendars.my_calendar, name="calendar"),
    path("flux/<str:token>.ics", calendars.feed, name="feed"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/modifier/", pages.edit, name="edit"),
    path("<int:pk>/annuler/", pages.cancel, name="cancel"),
    path("<int:pk>/inscription/", registrations.register, name="register"),
    path("<int:pk>/desinscription/", registrations.unregister, name="unregister"),
    path("<int:pk>/rejoindre/", registrations.join, name="join"),
    path("<int:pk>/presence/", registrations.check_in, name="check_in"),
    path("<int:pk>/inscrits/", registrations.manage, name="manage"),
    path("<int:pk>/inscrits.csv", registrations.export, name="export"),
    path("<int:pk>/inscrits.ods", registrations.export, {"fmt": "ods"}, name="export_ods"),
    path("<int:pk>/evenement.ics", calendars.event_ics, name="ics"),
    path("<int:pk>/couverture/", pages.cover, name="cover"),
    path("<int:pk>/suite/", follow_up.follow_up, name="follow_up"),
    path("<int:pk>/documents/<int:document_id>/", registrations.document, name="document"),
]
