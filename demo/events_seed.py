"""Seed the agenda (called by ``seed_demo``): past webconférences with their replays and
attendance, next month's regional days (one in La Réunion, in its own time zone), the national
Rencontre full with a waitlist, a monthly series, and a member's proposal waiting for the
moderators. Every person and situation is fictional.

Events and registrations go through events.services, so the queue, the waitlist, the news feed
and the search index are what real use would give; a past event is created in the future and
its dates are moved back afterwards (a service refuses to register anyone for a past event).
Idempotent: the agenda is created once (the first title is the mark).
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from demo.chat_seed import SEED, cast
from events import services
from events.models import Event, Registration

PARIS = ZoneInfo("Europe/Paris")
VISIO = "https://visio.exemple.fr/reseau-catalyseurs"

PAST = [
    ("Webconf : mobiliser les entreprises de son territoire", "webconf-retour-experience", 40,
     "Trois catalyseurs racontent comment ils ont fait venir les entreprises à la table.",
     "- Commencer par un **problème partagé**, pas par une demande de mécénat.\n"
     "- Un petit déjeuner mensuel vaut mieux qu'un grand forum annuel.\n"
     "- Donner aux dirigeants un rôle visible dans le projet."),
    ("Webinaire : financer un PTCE, les leviers qui marchent", "webinaire", 25,
     "Une heure avec trois pôles qui ont trouvé leur modèle économique.",
     "- Hybrider : prestations, cotisations, subventions de fonctionnement.\n"
     "- Négocier des conventions pluriannuelles."),
    ("Co-développement : animer un collectif qui s'essouffle", "co-developpement", 12,
     "Une session de co-développement entre pairs, sur un cas apporté par une catalyseuse.",
     "Les pistes retenues : redonner des rôles, réduire la fréquence, fêter les réussites."),
]

REGIONAL = [
    ("Journée régionale Bretagne : les tiers-lieux nourriciers", "bretagne", "Rennes",
     "Maison de l'économie sociale, 15 rue de Brest", "Europe/Paris", 40),
    ("Journée régionale Occitanie : coopérer entre territoires ruraux", "occitanie",
     "Montpellier", "Halle tropisme, 121 rue Fontcouverte", "Europe/Paris", 40),
    ("Temps d'échanges Hauts-de-France : les PTCE", "hauts-de-france", "Lille",
     "Maison des associations, 27 rue Jean Bart", "Europe/Paris", 30),
    ("Rencontre des catalyseurs de La Réunion", "la-reunion", "Saint-Denis",
     "Cité des arts, 23 rue Léopold Rambaud", "Indian/Reunion", 25),
]

RENCONTRE = ("Rencontre nationale des catalyseurs territoriaux", 60)


@dataclass
class Result:
    events: int = 0
    registrations: int = 0


def seed_events(domain: str) -> Result | None:
    """Fill the agenda; ``None`` when the demo people are missing."""
    speakers = cast(domain, random.Random(SEED))
    if speakers is None:
        return None
    pool = speakers.pop("_pool")
    moderator, member = speakers["moderator"], speakers["member"]
    rng = random.Random(SEED + 13)
    result = Result()
    if Event.objects.filter(title=PAST[0][0]).exists():
        return result
    now = timezone.now()
    with transaction.atomic():
        for index, (title, kind, count, summary, minutes) in enumerate(PAST):
            start = _at(now + timedelta(days=2), 14)
            event = services.event_create(
                actor=moderator, title=title, kind=kind, summary=summary, starts_at=start,
                ends_at=start + timedelta(hours=1, minutes=30), online_url=VISIO,
                description="Ouvert à tous les membres du réseau.")
            people = rng.sample(pool, min(count, len(pool)))
            result.registrations += _register(event, people)
            services.event_record(actor=moderator, event=event,
                                  replay_url=f"https://replay.exemple.fr/webconf-{index + 1}",
                                  minutes=minutes)
            _move_back(event, days=21 * (index + 1), attended=people[: count * 3 // 4])
            result.events += 1
        month = (timezone.localdate() + timedelta(days=32)).replace(day=1)
        for index, (title, region, commune, address, zone, capacity) in enumerate(REGIONAL):
            start = datetime(month.year, month.month, 3 + 5 * index, 9, 30,
                             tzinfo=ZoneInfo(zone))
            event = services.event_create(
                actor=moderator, title=title, kind="temps-d-echanges", region=region,
                commune=commune, address=address, time_zone=zone, capacity=capacity,
                summary="Une journée pour se rencontrer, visiter et travailler ensemble.",
                starts_at=start, ends_at=start + timedelta(hours=7),
                questions="Régime alimentaire ?\nQu'attendez-vous de cette journée ?")
            local = [person for person in pool if person.profile.region == region]
            result.registrations += _register(event, rng.sample(local, min(12, len(local))))
            result.events += 1
        title, capacity = RENCONTRE
        later = (month + timedelta(days=32)).replace(day=1)
        start = datetime(later.year, later.month, 12, 9, 0, tzinfo=PARIS)
        rencontre = services.event_create(
            actor=moderator, title=title, kind="rencontre-annuelle", capacity=capacity,
            commune="Lyon", region="auvergne-rhone-alpes",
            address="Hôtel de Région, 1 esplanade François Mitterrand",
            summary="Deux jours pour partager nos pratiques : ateliers par métier, visites, "
                    "plénière.",
            description="Les frais de déplacement peuvent être pris en charge sur demande.",
            starts_at=start, ends_at=start + timedelta(days=1, hours=8),
            questions="Régime alimentaire ?\nBesoin d'un hébergement ?")
        result.registrations += _register(rencontre, rng.sample(pool, min(capacity + 15,
                                                                          len(pool))))
        result.events += 1
        month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
        thursdays = []
        for _step in range(4):
            thursdays.append(month + timedelta(days=(3 - month.weekday()) % 7))
            month = (month + timedelta(days=32)).replace(day=1)
        starts = [_at_date(day, 12, 30) for day in thursdays]
        series = services.event_series_create(
            actor=moderator, starts=starts, rule="Chaque premier jeudi du mois, à midi et demie",
            title="Café des catalyseurs", kind="temps-d-echanges", online_url=VISIO,
            starts_at=starts[0], ends_at=starts[0] + timedelta(hours=1),
            summary="Une heure pour se donner des nouvelles et des coups de main.")
        for event in series:
            result.registrations += _register(event, rng.sample(pool, min(15, len(pool))))
        result.events += len(series)
        services.event_create(
            actor=member, title="Atelier : écrire un appel à projets à plusieurs", kind="atelier",
            summary="Une demi-journée pour monter une réponse commune à l'appel régional.",
            commune="Nantes", region="pays-de-la-loire",
            starts_at=_at(now + timedelta(days=20), 14), ends_at=_at(now + timedelta(days=20), 17))
        result.events += 1
    return result


def _at(day: datetime, hour: int) -> datetime:
    return day.astimezone(PARIS).replace(hour=hour, minute=0, second=0, microsecond=0)


def _at_date(day, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def _register(event: Event, people) -> int:
    for person in people:
        services.registration_create(actor=person, event=event)
    return len(people)


def _move_back(event: Event, *, days: int, attended) -> None:
    """A past meeting: its dates move back ``days`` days, its attendance is marked."""
    start = _at(timezone.now() - timedelta(days=days), 14)
    Event.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + (event.ends_at - event.starts_at),
        created_at=start - timedelta(days=20))
    Registration.objects.filter(event=event, member__in=attended,
                                status=Registration.Status.CONFIRMED).update(attended_at=start)
