"""Seed the news feed (called by ``seed_demo``): news items in every state, and welcomes of a
few recent members in the activity stream. Every person and situation is fictional.

Items go through news.services and moderation.services.decide, so rendering, the activity
stream, the moderation log and the authors' notifications are what real use would give; only
the dates are set afterwards (a service stamps "now"). The speakers are the chat's
(demo/chat_seed.py). Idempotent: the items are created once (the first title is the
mark), a member is welcomed once.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from community.models import User
from demo.chat_seed import SEED, cast
from moderation.services import decide
from news import services
from news.models import ActivityEvent, NewsItem

# (author, days ago, title, summary, body, link, what happened to it). Authors are speaker keys
# of chat_seed.py; "published" items by the moderator are published directly, the others are
# proposals that a moderator approved, rejected or later hid.
ITEMS = [
    ("moderator", 21, "Bienvenue sur le fil d'actualité du réseau",
     "Les nouvelles du réseau et de la plateforme, au même endroit : proposez les vôtres !",
     "Le **fil d'actualité** rassemble :\n"
     "- les nouvelles du réseau, proposées par les catalyseurs et relues par l'équipe "
     "d'animation ;\n- l'arrivée des nouveaux membres ;\n- bientôt, les projets et les "
     "documents publiés.\n\nPour proposer une actualité, utilisez le bouton « Proposer une "
     "actualité ». Nous la relisons sous 48 heures.",
     "", "pinned"),
    ("moderator", 16, "Rencontre nationale des catalyseurs : les inscriptions sont ouvertes",
     "Deux jours à Lyon pour partager nos pratiques, les 12 et 13 mars. Places limitées.",
     "Au programme : ateliers entre pairs par métier, visites de tiers-lieux de la "
     "métropole, et une plénière sur la mobilisation des entreprises.\n\n"
     "Les frais de déplacement peuvent être pris en charge sur demande.",
     "https://exemple.fr/rencontre-nationale", "published"),
    ("p4", 12, "Un nouveau tiers-lieu ouvre ses portes à Redon",
     "La Fabrique du Pays de Redon accueille depuis lundi un atelier partagé et un espace "
     "de coworking.",
     "Après deux ans de préfiguration avec la communauté de communes, le lieu ouvre avec "
     "**douze structures résidentes**. Visites possibles le jeudi après-midi.",
     "", "approved"),
    ("member", 8, "Appel à projets « Innovation sociale dans les territoires »",
     "La Région finance jusqu'à 40 000 € des projets portés à plusieurs. Clôture le 15 du "
     "mois prochain.",
     "Le dossier est court, mais la **lettre d'engagement** de chaque partenaire est "
     "examinée de près. N'hésitez pas à m'écrire pour en parler.",
     "https://exemple.fr/aap-innovation-sociale", "approved"),
    ("moderator", -3, "Webinaire : financer un PTCE, les leviers qui marchent",
     "Une heure avec trois pôles qui ont trouvé leur modèle économique. Inscription libre.",
     "Le lien de connexion sera envoyé la veille aux inscrits.",
     "https://exemple.fr/webinaire-ptce", "scheduled"),
    ("member", 1, "Retour sur le forum de l'ESS de Rennes",
     "Près de 300 participants et une belle place faite aux coopérations entre "
     "collectivités et associations.",
     "Mes notes des ateliers sont à votre disposition.", "", "pending"),
    ("p2", 0, "Journée régionale des PTCE dans les Hauts-de-France",
     "Les supports de la journée de Lille sont en ligne.", "", "https://exemple.fr/ptce-lille",
     "pending"),
    ("p5", 5, "Formation certifiante : devenez facilitateur en 3 jours",
     "Profitez de -30 % avec le code CATALYSE.", "", "https://exemple.fr/formation",
     ("rejected", "Annonce commerciale : le fil d'actualité n'accueille pas de promotion "
                  "payante (voir la charte).")),
    ("p9", 10, "Nos locaux déménagent",
     "Toutes nos coordonnées changent à partir du mois prochain.",
     "Écrivez-moi pour les nouvelles coordonnées : 06 39 98 12 34, à toute heure.", "",
     ("hidden", "Coordonnées personnelles publiées sans accord : merci de les retirer "
                "avant que nous la republiions.")),
]
WELCOMED = 5  # the most recent members get a welcome in the stream


@dataclass
class Result:
    items: int = 0
    welcomes: int = 0


def seed_news(domain: str) -> Result | None:
    """Fill the news feed; ``None`` when the demo people are missing."""
    speakers = cast(domain, random.Random(SEED))
    if speakers is None:
        return None
    speakers.pop("_pool")
    now = timezone.now()
    rng = random.Random(SEED + 2)
    result = Result()
    with transaction.atomic():
        if not NewsItem.objects.filter(title=ITEMS[0][2]).exists():
            for spec in ITEMS:
                _create(spec, speakers, now, rng)
                result.items += 1
        result.welcomes = _welcome(speakers, now, rng, domain)
    return result


def _create(spec: tuple, speakers: dict, now, rng: random.Random) -> NewsItem:
    author_key, days_ago, title, summary, body, link, fate = spec
    moderator = speakers["moderator"]
    author = speakers[author_key]
    fields = {"title": title, "summary": summary, "body": body, "link": link}
    day = timezone.localtime(now) - timedelta(days=days_ago)
    when = day.replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59), second=0,
                       microsecond=0)
    if fate != "scheduled":  # today's items came out this morning, never later than now
        when = min(when, now - timedelta(minutes=30))
    if fate in ("published", "pinned", "scheduled"):
        item = services.news_publish(
            actor=moderator, **fields, pin=fate == "pinned",
            scheduled_for=when if fate == "scheduled" else None,
        )
        if fate != "scheduled":
            _date(item, proposed=when, published=when)
        return item
    item = services.news_propose(actor=author, **fields)
    decision, reason = (fate, "") if isinstance(fate, str) else fate
    if decision == "pending":
        _date(item, proposed=when)
        return item
    decide(actor=moderator, item=item, decision="reject" if decision == "rejected" else "approve",
           reason=reason if decision == "rejected" else "")
    if decision == "hidden":
        decide(actor=moderator, item=item, decision="hide", reason=reason)
    decided = when + timedelta(hours=rng.randint(1, 5))
    published = decided if decision in ("approved", "hidden") else None
    _date(item, proposed=when, published=published, decided=decided)
    return item


def _date(item: NewsItem, *, proposed, published=None, decided=None) -> None:
    changes = {"created_at": proposed}
    if published is not None:
        changes["published_at"] = published
        ActivityEvent.objects.filter(
            kind=ActivityEvent.Kind.NEWS_PUBLISHED, object_id=item.pk,
            content_type=ContentType.objects.get_for_model(NewsItem),
        ).update(occurred_at=published)
    if decided is not None:
        changes["decided_at"] = decided
    if item.pinned_at is not None:
        changes["pinned_at"] = proposed + timedelta(minutes=1)
    NewsItem.objects.filter(pk=item.pk).update(**changes)


def _welcome(speakers: dict, now, rng: random.Random, domain: str) -> int:
    """Welcome the most recent members (the demo accounts and speakers aside), over the last
    days; a member already welcomed is left alone."""
    known = {person.pk for person in speakers.values()}
    recent = [
        person for person in User.objects.members().filter(email__endswith=f"@{domain}")
        .select_related("profile").order_by("-date_joined", "-pk")[: WELCOMED + len(known)]
        if person.pk not in known
    ][:WELCOMED]
    user_type = ContentType.objects.get_for_model(User)
    welcomed = set(ActivityEvent.objects.filter(
        kind=ActivityEvent.Kind.MEMBER_WELCOMED, content_type=user_type,
        object_id__in=[person.pk for person in recent],
    ).values_list("object_id", flat=True))
    created = 0
    for days_ago, person in enumerate(recent, start=1):
        if person.pk in welcomed:
            continue
        event = services.member_welcomed(member=person, actor=speakers["moderator"])
        when = timezone.localtime(now) - timedelta(days=2 * days_ago, hours=rng.randint(0, 6))
        ActivityEvent.objects.filter(pk=event.pk).update(occurred_at=when)
        created += 1
    return created
