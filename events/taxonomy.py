"""The kinds of event of the network's reference (referentiel.json, ``types_evenement``),
copied here: the running platform never reads the shared reference files. Slugs are stored in
the database and used in URLs; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    RENCONTRE_ANNUELLE = "rencontre-annuelle", _("Annual meeting")
    WEBINAIRE = "webinaire", _("Webinar")
    WEBCONF_RETOUR_EXPERIENCE = "webconf-retour-experience", _("Webconference / experience sharing")
    TEMPS_D_ECHANGES = "temps-d-echanges", _("Peer exchange")
    ATELIER = "atelier", _("Co-construction workshop")
    CO_DEVELOPPEMENT = "co-developpement", _("Co-development session")


# Time zones offered in the form: metropolitan France and the overseas regions (any other IANA
# name is accepted too, and checked: a name that does not exist is refused).
TIME_ZONES = [
    ("Europe/Paris", _("France (metropolitan), Corsica")),
    ("America/Guadeloupe", "Guadeloupe"),
    ("America/Martinique", "Martinique"),
    ("America/Cayenne", "Guyane"),
    ("Indian/Reunion", "La Réunion"),
    ("Indian/Mayotte", "Mayotte"),
]
DEFAULT_TIME_ZONE = "Europe/Paris"
