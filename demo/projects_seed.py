"""Seed the projects (called by ``seed_demo``): a dozen projects drawn from the themes of the
organisations the network's documents name (demo/organisations.json), open to the
network or private, with owners, contributors, a pending request and invitation, tasks,
milestones and a few posts on their walls.

Everything goes through the projects', walls' and chat's services, so memberships, chat
rooms, the search index, the news feed and notifications are what real use would give; only
the dates are spread afterwards (the chat rooms' few messages keep theirs). The demo member
(membre@) runs two projects, takes part in another and is invited to a fourth, so that
"Mes projets" shows something. Idempotent: a project whose title
exists is left alone.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from chat import services as chat_services
from chat.models import Message, Room
from demo.chat_seed import SEED, cast
from news.models import ActivityEvent
from news.services.activity import activity_update
from projects import services
from projects.models import Project, Task
from walls import services as walls_services
from walls.models import Post

M, P = Project.Visibility.MEMBERS, Project.Visibility.PRIVATE
IDEA, ONGOING, PAUSED, DONE = (Project.Status.IDEA, Project.Status.ONGOING,
                               Project.Status.PAUSED, Project.Status.DONE)

# owner: "member" (the demo member), "moderator", or a region to pick a catalyst from.
PROJECTS = [
    {"title": "Quand Élèves et Entreprises se Rencontrent à Charenton",
     "summary": "Rapprocher collèges et entreprises du territoire autour de stages de 3e et de "
                "visites de sites.",
     "description": "Inspiré du programme **Q2ER** lancé en 2014 : chaque collège est jumelé "
                    "avec trois entreprises.\n\n- visites de sites\n- stages de 3e\n"
                    "- forum des métiers au printemps",
     "status": ONGOING, "visibility": M, "regions": ["ile-de-france"],
     "domains": ["education", "emploi"], "metiers": ["dialogue-territorial",
                                                      "experimentations-collectives"],
     "partnerships": ["pratiques-responsables", "cooperation-economique"],
     "tags": ["collèges", "stages", "orientation"], "owner": "member", "team": 4},
    {"title": "Réseau des tiers-lieux de Paris Est Marne & Bois",
     "summary": "Relier les tiers-lieux publics et privés des 13 communes du territoire.",
     "description": "Cartographier les lieux, partager un agenda commun et mutualiser les "
                    "équipements.",
     "status": ONGOING, "visibility": M, "regions": ["ile-de-france"],
     "domains": ["developpement-economique", "lien-social"],
     "metiers": ["gestion-d-un-lieu", "dialogue-territorial"],
     "partnerships": ["cooperation-economique"], "tags": ["tiers-lieux", "mutualisation"],
     "owner": "ile-de-france", "team": 5, "member_joins": True},
    {"title": "Silver Geek en Poitou-Charentes",
     "summary": "Des jeunes en service civique initient les aînés au numérique et au jeu vidéo "
                "en EHPAD.",
     "description": "Projet emblématique du *Labo des partenariats* : associations, "
                    "entreprises mécènes et établissements pour personnes âgées.",
     "status": DONE, "visibility": M, "regions": ["nouvelle-aquitaine"],
     "domains": ["vieillissement", "numerique", "lien-social"], "metiers": ["accompagnement"],
     "partnerships": ["mecenat", "innovation-societale"],
     "tags": ["silver économie", "intergénérationnel"], "owner": "nouvelle-aquitaine",
     "team": 3},
    {"title": "Accélérateur d'innovation sociale à Lyon",
     "summary": "Faire coopérer collectivités, grandes entreprises et entrepreneurs sociaux sur "
                "la précarité numérique.",
     "description": "Une promotion de projets à impact social accompagnés pendant 18 mois.",
     "status": ONGOING, "visibility": M, "regions": ["auvergne-rhone-alpes"],
     "domains": ["numerique", "pauvrete"],
     "metiers": ["experimentations-collectives", "accompagnement"],
     "partnerships": ["innovation-societale", "mecenat"], "tags": ["incubation", "ESS"],
     "owner": "auvergne-rhone-alpes", "team": 4},
    {"title": "Centre de ressources Villes au Carré",
     "summary": "Former les élus et agents de 59 territoires à la coopération avec les "
                "habitants.",
     "description": "Cycles de formation, fiches pratiques et rencontres régionales à Tours.",
     "status": ONGOING, "visibility": M, "regions": ["centre-val-de-loire"],
     "domains": ["lien-social", "education"], "metiers": ["accompagnement",
                                                          "dialogue-territorial"],
     "partnerships": ["pratiques-responsables"], "tags": ["formation", "élus"],
     "owner": "centre-val-de-loire", "team": 3},
    {"title": "Envies d'alliances en Pays d'Aix",
     "summary": "Trois territoires, trois alliances : culture, silver économie et numérique, "
                "mobilité.",
     "description": "Projet expérimental sur quatre ans porté par la Maison de la Vie "
                    "Associative.",
     "status": PAUSED, "visibility": M, "regions": ["provence-alpes-cote-d-azur"],
     "domains": ["culture", "vieillissement", "mobilite"],
     "metiers": ["experimentations-collectives"],
     "partnerships": ["cooperation-economique", "mecenat"], "tags": ["associations"],
     "owner": "provence-alpes-cote-d-azur", "team": 3},
    {"title": "Osons l'apprentissage et l'alternance",
     "summary": "Un club d'entreprises mobilise ses salariés pour ouvrir l'alternance aux "
                "jeunes des quartiers.",
     "description": "Parrainages, job datings et préparation aux entretiens.",
     "status": ONGOING, "visibility": M, "regions": ["ile-de-france"],
     "domains": ["emploi", "diversite-handicap"], "metiers": ["accompagnement"],
     "partnerships": ["pratiques-responsables"], "tags": ["alternance", "parrainage"],
     "owner": "moderator", "team": 4, "member_in": True},
    {"title": "Pré-incubateur du campus de Rangueil",
     "summary": "Un tiers-lieu universitaire ouvert aux porteurs de projets du territoire.",
     "description": "Culture de l'entrepreneuriat, innovation ouverte et culture scientifique.",
     "status": IDEA, "visibility": M, "regions": ["occitanie"],
     "domains": ["developpement-economique", "education"],
     "metiers": ["gestion-d-un-lieu", "accompagnement"],
     "partnerships": ["innovation-societale"], "tags": ["université", "incubation"],
     "owner": "occitanie", "team": 2},
    {"title": "Reconversion du site MicroVille 112",
     "summary": "90 hectares et 50 000 m² de bâtiments à réinventer avec les habitants.",
     "description": "Commissions citoyennes, puis appel à manifestation d'intérêt. Le montage "
                    "foncier reste **confidentiel** tant que la collectivité n'a pas délibéré.",
     "status": ONGOING, "visibility": P, "regions": ["grand-est"],
     "domains": ["developpement-economique", "environnement"],
     "metiers": ["dialogue-territorial", "experimentations-collectives"],
     "partnerships": ["cooperation-economique"], "tags": ["friche", "foncier"],
     "owner": "grand-est", "team": 3, "member_invited": True},
    {"title": "PTCE des Mureaux : parcours de co-construction",
     "summary": "Territoire pilote du parcours « co-construction territoriale ».",
     "description": "Diagnostic partagé, feuille de route et comité de pilotage élargi.",
     "status": ONGOING, "visibility": P, "regions": ["ile-de-france"],
     "domains": ["emploi", "developpement-economique"],
     "metiers": ["experimentations-collectives"], "partnerships": ["cooperation-economique"],
     "tags": ["PTCE"], "owner": "member", "team": 3},
    {"title": "Mobilité solidaire aux Sables d'Olonne",
     "summary": "Un garage solidaire et du covoiturage pour les salariés sans voiture.",
     "description": "Piste issue du parcours « co-construction territoriale ».",
     "status": IDEA, "visibility": P, "regions": ["pays-de-la-loire"],
     "domains": ["mobilite", "emploi"], "metiers": ["experimentations-collectives"],
     "partnerships": ["mecenat", "pratiques-responsables"], "tags": ["mobilité"],
     "owner": "pays-de-la-loire", "team": 2},
    {"title": "Observatoire régional des partenariats",
     "summary": "Mesurer les alliances entre associations, entreprises et collectivités de "
                "Franche-Comté.",
     "description": "Questionnaire annuel et restitution publique des résultats.",
     "status": PAUSED, "visibility": M, "regions": ["bourgogne-franche-comte"],
     "domains": ["developpement-economique"], "metiers": ["dialogue-territorial"],
     "partnerships": ["innovation-societale"], "tags": ["évaluation", "données"],
     "owner": "bourgogne-franche-comte", "team": 3},
]

TASKS = [
    ("Lister les partenaires à solliciter", Task.Status.DONE, -20),
    ("Préparer la réunion de lancement", Task.Status.DOING, 7),
    ("Rédiger la note de cadrage", Task.Status.TO_DO, 21),
    ("Chercher un financement complémentaire", Task.Status.TO_DO, 45),
]
MILESTONES = [("Réunion de lancement", 10), ("Premier bilan", 90)]
POSTS = [
    "Bonjour à toutes et à tous ! Je propose qu'on fasse un point d'étape la semaine prochaine.",
    "J'ai retrouvé le compte rendu de la dernière rencontre : il est dans les documents.",
    "Bonne nouvelle : deux entreprises du territoire sont prêtes à nous rejoindre.",
]


CHAT = [
    "Bonjour l'équipe ! J'ouvre le salon du projet.",
    "Merci ! Je peux prendre la prise de contact avec la mairie.",
    "Parfait. On fait un point rapide jeudi à 9 h ?",
    "Ça me va, je prépare l'ordre du jour.",
]


@dataclass
class Result:
    projects: int = 0
    tasks: int = 0
    posts: int = 0


def _owner(spec: dict, speakers: dict, by_region: dict, rng: random.Random):
    if spec["owner"] in ("member", "moderator"):
        return speakers[spec["owner"]]
    people = by_region.get(spec["owner"]) or speakers["_pool"]
    return rng.choice(people)


def _team(owner, speakers: dict, by_region: dict, spec: dict, size: int,
          rng: random.Random) -> list:
    near = [p for p in by_region.get(spec["regions"][0], []) if p.pk != owner.pk]
    others = [p for p in speakers["_pool"] if p.pk != owner.pk and p not in near]
    rng.shuffle(near)
    rng.shuffle(others)
    return (near + others)[:size]


def _seed_project(spec: dict, speakers: dict, by_region: dict, rng: random.Random,
                  result: Result, age_days: int) -> None:
    owner = _owner(spec, speakers, by_region, rng)
    fields = {key: spec[key] for key in ("title", "summary", "description", "status",
                                         "visibility", "regions", "domains", "metiers",
                                         "partnerships", "tags")}
    project = services.project_create(actor=owner, **fields)
    team = _team(owner, speakers, by_region, spec, spec["team"], rng)
    if spec.get("member_in"):
        team = [speakers["member"], *team[:-1]]
    for index, person in enumerate(team):
        role = "owner" if index == 0 and len(team) > 2 else "contributor"
        services.membership_invite(actor=owner, project=project, member=person, role=role)
        services.invitation_accept(actor=person, project=project)
    members = [owner, *team]
    if spec.get("member_invited"):
        services.membership_invite(actor=owner, project=project, member=speakers["member"])
    if spec.get("member_joins"):
        services.membership_request(actor=speakers["member"], project=project,
                                    message="Je coordonne un tiers-lieu voisin : partants ?")
    if spec["owner"] == "member" and not project.is_private:
        asker = next(p for p in speakers["_pool"] if p not in members)
        services.membership_request(actor=asker, project=project,
                                    message="Notre collège serait ravi d'en être.")
    today = timezone.localdate()
    milestones = [services.milestone_create(actor=owner, project=project, title=title,
                                            due_on=today + timedelta(days=days))
                  for title, days in MILESTONES]
    for index, (title, status, days) in enumerate(TASKS):
        services.task_create(actor=owner, project=project, title=title,
                             assignee=members[index % len(members)],
                             due_on=today + timedelta(days=days), status=status,
                             milestone=milestones[0] if index < 2 else None)
        result.tasks += 1
    for index, body in enumerate(POSTS[: 1 + len(members) % 3]):
        walls_services.post_create(actor=members[index % len(members)], wall=project.wall,
                                   body=body)
        result.posts += 1
    sent = [chat_services.message_send(actor=members[index % len(members)], room=project.room,
                                       body=body) for index, body in enumerate(CHAT)]
    created = timezone.now() - timedelta(days=age_days)
    # As chat_seed does: the history dates from the project's first days.
    for index, message in enumerate(sent):
        Message.objects.filter(pk=message.pk).update(
            created_at=created + timedelta(days=2, hours=index))
    Room.objects.filter(pk=project.room_id).update(
        created_at=created, last_message_at=created + timedelta(days=2, hours=len(sent) - 1))
    Project.objects.filter(pk=project.pk).update(created_at=created)
    Post.objects.filter(wall=project.wall).update(created_at=created + timedelta(days=1))
    activity_update(target=project, kind=ActivityEvent.Kind.PROJECT_PUBLISHED,
                    occurred_at=created)
    result.projects += 1


def seed_projects(domain: str) -> Result | None:
    """Create the demo projects; ``None`` when the demo people are missing."""
    speakers = cast(domain, random.Random(SEED))
    if speakers is None:
        return None
    speakers["_pool"] = sorted(speakers["_pool"], key=lambda person: person.email)
    by_region: dict[str, list] = {}
    for person in speakers["_pool"]:
        by_region.setdefault(person.profile.region, []).append(person)
    rng = random.Random(SEED + 6)
    result = Result()
    existing = set(Project.objects.values_list("title", flat=True))
    with transaction.atomic():
        for index, spec in enumerate(PROJECTS):
            if spec["title"] in existing:
                continue
            _seed_project(spec, speakers, by_region, rng, result, age_days=60 - 4 * index)
    return result

