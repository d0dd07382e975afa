"""Fill the database with a fictional but realistic network: ``manage.py seed_demo``.

Idempotent: people are generated from a fixed seed, independently of the database, and only
those whose email address is not there yet are created; existing accounts are left as they are.
Chat rooms are created once, by name (community/demo/chat_seed.py); walls are filled once
(community/demo/walls_seed.py), and so is the news feed (community/demo/news_seed.py).
"""

import json
import math
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from taggit.models import Tag, TaggedItem

from community.demo import people as data
from community.demo.chat_seed import seed_chat
from community.demo.documents_seed import seed_documents
from community.demo.news_seed import seed_news
from community.demo.projects_seed import seed_projects
from community.demo.walls_seed import seed_walls
from community.models import Application, Profile, Role, User, UserStatus
from community.services.membership import application_submit
from community.taxonomy import SUGGESTED_SKILLS, FragilityDomain, Region
from search.backends.base import SearchUnavailable
from search.indexing import rebuild

SEED = 2026
DOMAIN = "demo.catalyse.localhost"
GENERATED_MEMBERS = 347  # + admin, moderator and plain member = 350 approved members
PERIMETER_SHARES = {"local": 0.62, "regional": 0.08}  # the rest are national networks
ORG_SHARE = 0.40  # members attached to the network's real organisations
MIN_PER_REGION = 2
BASE_DATE = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
URL = "http://localhost:8000"
PASSWORDS = {
    "admin": "catalyse-admin-2026",
    "moderator": "catalyse-anim-2026",
    "member": "catalyse-membre-2026",
    "demo": "catalyse-demo-2026",
}
ALL_SKILLS = list(dict.fromkeys(SUGGESTED_SKILLS + data.EXTRA_SKILLS))
ALL_DOMAINS = [choice.value for choice in FragilityDomain]
ORGANISATIONS_FILE = Path(__file__).resolve().parents[2] / "demo" / "organisations.json"


@dataclass
class Person:
    first_name: str
    last_name: str
    email: str
    user: dict = field(default_factory=dict)  # extra User fields
    profile: dict = field(default_factory=dict)  # plain Profile fields
    metiers: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    account: str = "demo"  # which entry of PASSWORDS applies


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def apportion(total: int, weights: dict[str, float], minimum: int = 0) -> dict[str, int]:
    """Split ``total`` along ``weights`` (largest remainder), each key getting ``minimum``."""
    counts = dict.fromkeys(weights, minimum)
    rest = total - minimum * len(weights)
    whole = sum(weights.values())
    shares = {key: rest * weight / whole for key, weight in weights.items()}
    for key, share in shares.items():
        counts[key] += math.floor(share)
    left = total - sum(counts.values())
    for key in sorted(shares, key=lambda k: shares[k] - math.floor(shares[k]), reverse=True)[:left]:
        counts[key] += 1
    return counts


def load_organisations() -> list[dict]:
    organisations = json.loads(ORGANISATIONS_FILE.read_text(encoding="utf-8"))["organisations"]
    for org in organisations:
        region, departement = data.ORG_PLACES.get(org["name"], (org["region"] or "", ""))
        org["region"], org["departement"] = region, departement
    return [org for org in organisations if org["perimetre"] == "national" or org["region"]]


class Generator:
    """Deterministic fictional people: same seed, same people, whatever the database holds."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.used_emails = {"admin", "animatrice", "membre"} | {
            applicant["email"] for applicant in data.APPLICANTS
        }

    # --- Where people are -------------------------------------------------------------------
    def slots(self, total: int) -> list[tuple[str, str, dict | None]]:
        """(perimeter, region, real organisation or None) for each generated member."""
        local = round(total * PERIMETER_SHARES["local"])
        regional = round(total * PERIMETER_SHARES["regional"])
        in_regions = apportion(local + regional, data.REGION_WEIGHTS, MIN_PER_REGION)
        regional_by_region = apportion(regional, data.REGION_WEIGHTS)
        cells = {("national", ""): total - local - regional}
        for region, count in in_regions.items():
            cells[("regional", region)] = regional_by_region[region]
            cells[("local", region)] = count - regional_by_region[region]
        free = dict(cells)
        reserve = {cell: math.floor(count * 0.3) for cell, count in cells.items()}
        attached: list[tuple[str, str, dict | None]] = []
        organisations = load_organisations()
        self.rng.shuffle(organisations)
        target = round(total * ORG_SHARE)
        progress = True
        while len(attached) < target and progress:
            progress = False
            for org in organisations:
                cell = (org["perimetre"], org["region"])
                if len(attached) < target and free.get(cell, 0) > reserve.get(cell, 0):
                    free[cell] -= 1
                    attached.append((*cell, org))
                    progress = True
        slots = attached + [(*cell, None) for cell, n in sorted(free.items()) for _ in range(n)]
        self.rng.shuffle(slots)
        return slots

    # --- Who they are -----------------------------------------------------------------------
    def email_for(self, first_name: str, last_name: str) -> str:
        base = f"{ascii_slug(first_name)}.{ascii_slug(last_name)}"
        local, n = base, 1
        while local in self.used_emails:
            n += 1
            local = f"{base}{n}"
        self.used_emails.add(local)
        return f"{local}@{DOMAIN}"

    def pick_some(self, pool: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(pool, self.rng.randint(min(low, len(pool)), min(high, len(pool))))

    def skills_for(self, metiers: list[str]) -> list[str]:
        count = self.rng.randint(2, 6)
        fitting = list(dict.fromkeys(s for m in metiers for s in data.METIER_SKILLS[m]))
        skills = self.rng.sample(fitting, min(len(fitting), math.ceil(count / 2)))
        for skill in self.rng.sample(ALL_SKILLS, len(ALL_SKILLS)):
            if len(skills) >= count:
                break
            if skill not in skills:
                skills.append(skill)
        return skills

    def organisation_name(self, kind: str, perimeter: str, region: str, town: str) -> str:
        pattern = self.rng.choice(data.ORG_PATTERNS[(kind, perimeter)])
        label = Region(region).label if region else ""
        return pattern.format(town=town, word=self.rng.choice(data.ORG_WORDS), region=label)

    def texts(self, female: bool) -> dict:
        rng = self.rng
        forms = {suffix: suffix if female else "" for suffix in ("e", "ne", "fe")}
        bio = " ".join(
            part for part in (
                rng.choice(data.BIO_OPENINGS).format(year=rng.randint(2008, 2024), **forms),
                *rng.sample(data.BIO_MIDDLES, rng.randint(1, 2)),
                rng.choice(data.BIO_CLOSINGS).format(**forms),
            ) if part
        )
        helps = rng.sample(data.CAN_HELP_WITH, rng.randint(1, 3))
        can_help = "Je peux aider à " + (
            helps[0] if len(helps) == 1 else ", à ".join(helps[:-1]) + " et à " + helps[-1]
        ) + "."
        looking = "Je cherche " + " et ".join(rng.sample(data.LOOKING_FOR, rng.randint(1, 2)))
        return {"bio": bio, "can_help_with": can_help, "looking_for": looking + "."}

    def person(self, perimeter: str, region: str, org: dict | None = None) -> Person:
        rng = self.rng
        female = rng.random() < 0.55
        first = rng.choice(data.FEMALE_FIRST_NAMES if female else data.MALE_FIRST_NAMES)
        last = rng.choice(data.LAST_NAMES)
        towns = data.REGION_TOWNS.get(region, [])
        town, departement = ("", "")
        if towns:  # a regional actor sits in the regional seat
            town, departement = towns[0] if perimeter == "regional" else rng.choice(towns)
        if org:
            kind, organisation = org["type"], org["name"]
            departement = org["departement"] or departement
            metiers = self.pick_some(org["metiers"], 1, 3)
            domains = self.pick_some(org["domaines"] or ALL_DOMAINS, 1, 4)
        else:
            kind = rng.choices(list(data.ACTOR_KIND_WEIGHTS), data.ACTOR_KIND_WEIGHTS.values())[0]
            organisation = self.organisation_name(kind, perimeter, region, town)
            metiers = rng.sample(list(data.METIER_SKILLS), rng.choices((1, 2, 3), (4, 4, 2))[0])
            domains = self.pick_some(ALL_DOMAINS, 1, 4)
        phone = ""  # 06 39 98 xx xx: numbers the regulator (ARCEP) reserves for fiction
        if rng.random() < 0.2:
            phone = f"06 39 98 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        joined = BASE_DATE + timedelta(days=rng.randint(0, 600), minutes=rng.randint(0, 600))
        return Person(
            first_name=first,
            last_name=last,
            email=self.email_for(first, last),
            user={"date_joined": joined},
            profile={
                "organisation": organisation,
                "job_title": rng.choice(data.JOB_TITLES[kind])[female],
                "actor_kind": kind,
                "perimeter": perimeter,
                "region": region,
                "departement": "" if perimeter == "national" else departement,
                **self.texts(female),
                "show_email": rng.random() < 0.35,
                "phone": phone,
                "show_phone": bool(phone) and rng.random() < 0.5,
                "contact_note": rng.choice(data.CONTACT_NOTES) if rng.random() < 0.25 else "",
                "public_directory_consent": rng.random() < 0.3,
                "onboarded_at": joined + timedelta(minutes=rng.randint(5, 3000)),
            },
            metiers=metiers,
            domains=domains,
            skills=self.skills_for(metiers),
        )

    def special(self, key, first, last, local, slot, role, **profile) -> Person:
        person = self.person(*slot)
        self.used_emails.discard(person.email.split("@")[0])
        person.first_name, person.last_name, person.email = first, last, f"{local}@{DOMAIN}"
        person.account = key
        person.user["role"] = role
        if role == Role.ADMIN:
            person.user.update(is_staff=True, is_superuser=True)
        person.profile.update(profile)
        return person

    def everyone(self) -> list[Person]:
        """All approved members, then the suspended one; applicants are seeded apart."""
        people = [
            self.special("admin", "Julien", "Morel", "admin", ("national", ""), Role.ADMIN,
                         organisation="Réseau des catalyseurs territoriaux",
                         job_title="Administrateur de la plateforme"),
            self.special("moderator", "Claire", "Fontaine", "animatrice", ("national", ""),
                         Role.MODERATOR, organisation="Réseau des catalyseurs territoriaux",
                         job_title="Animatrice du réseau", show_email=True),
            self.special("member", "Inès", "Moreau", "membre", ("local", "bretagne"),
                         Role.MEMBER, organisation="Mairie de Rennes", departement="35",
                         actor_kind="collectivite",
                         job_title="Chargée de mission innovation sociale"),
        ]
        people += [self.person(*slot) for slot in self.slots(GENERATED_MEMBERS)]
        suspended = self.person("local", "occitanie")
        suspended.user.update(status=UserStatus.SUSPENDED, is_active=False)
        return [*people, suspended]


class Command(BaseCommand):
    help = "Seed a fictional network of about 350 catalysts (idempotent)."

    def handle(self, *args, **options):
        generator = Generator()
        people = generator.everyone()
        with transaction.atomic():
            created = self.create_people(people)
            applicants = self.create_applicants()
        self.index_members()
        self.seed_chat()
        self.seed_walls()
        self.seed_news()
        self.seed_projects()
        self.seed_documents()
        self.index_posts()
        self.report(created, applicants)

    def seed_chat(self) -> None:
        result = seed_chat(DOMAIN)
        if result is None:
            self.stderr.write("Discussions non créées : les comptes de démonstration manquent.")
            return
        self.stdout.write(
            f"Discussions : {result.rooms} salons et conversations, {result.messages} messages "
            "créés lors de cette exécution."
        )

    def seed_walls(self) -> None:
        result = seed_walls(DOMAIN)
        if result is None:
            self.stderr.write("Murs non remplis : les comptes de démonstration manquent.")
            return
        self.stdout.write(
            f"Murs : {result.walls} murs remplis, {result.posts} billets, {result.comments} "
            f"commentaires et {result.reactions} réactions créés lors de cette exécution."
        )

    def seed_projects(self) -> None:
        result = seed_projects(DOMAIN)
        if result is None:
            self.stderr.write("Projets non créés : les comptes de démonstration manquent.")
            return
        self.stdout.write(
            f"Projets : {result.projects} projets, {result.tasks} tâches et {result.posts} "
            "billets créés lors de cette exécution."
        )

    def seed_documents(self) -> None:
        result = seed_documents(DOMAIN)
        if result is None:
            self.stderr.write("Bibliothèque non remplie : les comptes de démonstration manquent.")
            return
        self.stdout.write(
            f"Documents : {result.documents} documents, {result.proposals} propositions et "
            f"{result.project_documents} documents de projets créés lors de cette exécution."
        )

    def seed_news(self) -> None:
        result = seed_news(DOMAIN)
        if result is None:
            self.stderr.write("Fil d'actualité non rempli : les comptes de démonstration manquent.")
            return
        self.stdout.write(
            f"Fil d'actualité : {result.items} actualités et {result.welcomes} arrivées de "
            "membres créées lors de cette exécution."
        )

    def index_members(self) -> None:
        """Bulk creation bypasses the services, so the members index is rebuilt in one go."""
        try:
            count = rebuild("members")
        except SearchUnavailable as error:
            self.stderr.write(f"Index de recherche non reconstruit ({error}) : "
                              "lancez `manage.py search_reindex` quand le moteur répond.")
        else:
            self.stdout.write(f"Index de recherche des membres : {count} profils.")

    def index_posts(self) -> None:
        """The walls' services keep the posts index in step, but the seed dates the posts
        afterwards: the index is rebuilt once, with the dates the walls show."""
        try:
            count = rebuild("posts")
        except SearchUnavailable as error:
            self.stderr.write(f"Index de recherche des murs non reconstruit ({error}) : "
                              "lancez `manage.py search_reindex posts` quand le moteur répond.")
        else:
            self.stdout.write(f"Index de recherche des murs : {count} billets.")

    def create_people(self, people: list[Person]) -> int:
        existing = set(
            User.objects.filter(email__in=[p.email for p in people]).values_list("email", flat=True)
        )
        new = [p for p in people if p.email not in existing]
        if not new:
            return 0
        hashes = {key: make_password(PASSWORDS[key]) for key in {p.account for p in new}}
        users = User.objects.bulk_create([
            User(email=p.email, first_name=p.first_name, last_name=p.last_name,
                 password=hashes[p.account], status=p.user.get("status", UserStatus.MEMBER),
                 **{k: v for k, v in p.user.items() if k != "status"})
            for p in new
        ])
        EmailAddress.objects.bulk_create([
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        ])
        profiles = Profile.objects.bulk_create(
            [Profile(user=user, **p.profile) for user, p in zip(users, new, strict=True)]
        )
        metier_link, domain_link = Profile.metiers.through, Profile.domains.through
        metier_link.objects.bulk_create([
            metier_link(profile=profile, metier_id=slug)
            for profile, p in zip(profiles, new, strict=True) for slug in p.metiers
        ])
        domain_link.objects.bulk_create([
            domain_link(profile=profile, fragilitydomain_id=slug)
            for profile, p in zip(profiles, new, strict=True) for slug in p.domains
        ])
        names = sorted({skill for p in new for skill in p.skills})
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in names}
        content_type = ContentType.objects.get_for_model(Profile)
        TaggedItem.objects.bulk_create([
            TaggedItem(tag=tags[skill], content_type=content_type, object_id=profile.pk)
            for profile, p in zip(profiles, new, strict=True) for skill in p.skills
        ])
        return len(new)

    def create_applicants(self) -> int:
        created = 0
        password = None
        for applicant in data.APPLICANTS:
            email = f"{applicant['email']}@{DOMAIN}"
            if User.objects.filter(email=email).exists():
                continue
            password = password or make_password(PASSWORDS["demo"])
            user = User.objects.create(
                email=email, first_name=applicant["first_name"],
                last_name=applicant["last_name"], password=password, status=UserStatus.APPLICANT,
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            application_submit(
                user=user, motivation=applicant["motivation"],
                organisation=applicant["organisation"], actor_kind=applicant["actor_kind"],
                perimeter=applicant["perimeter"], region=applicant["region"],
                metiers=applicant["metiers"],
            )
            created += 1
        return created

    def report(self, created: int, applicants: int) -> None:
        members = Profile.objects.filter(user__in=User.objects.members())
        by_perimeter = {
            label: members.filter(perimeter=value).count()
            for value, label in (("local", "locaux"), ("regional", "régionaux"),
                                 ("national", "réseaux nationaux"))
        }
        regions = members.exclude(region="").values("region").distinct().count()
        pending = Application.objects.filter(status=Application.Status.PENDING).count()
        suspended = User.objects.filter(status=UserStatus.SUSPENDED).count()
        write = self.stdout.write
        write(self.style.SUCCESS(
            f"Données de démonstration : {created} comptes et {applicants} candidatures "
            "créés lors de cette exécution."
        ))
        write(f"  Membres actifs : {members.count()} "
              f"({', '.join(f'{n} {label}' for label, n in by_perimeter.items())}), "
              f"répartis sur {regions} régions.")
        write(f"  Candidatures en attente : {pending} · comptes suspendus : {suspended}")
        lines = [
            "Connexion à la démo",
            f"URL : {URL}",
            "",
            f"Administrateur : admin@{DOMAIN} / {PASSWORDS['admin']}",
            f"Animatrice     : animatrice@{DOMAIN} / {PASSWORDS['moderator']}",
            f"Membre         : membre@{DOMAIN} / {PASSWORDS['member']}",
            f"Tous les autres membres : {PASSWORDS['demo']}",
        ]
        width = max(len(line) for line in lines) + 2
        write("┌" + "─" * width + "┐")
        for line in lines:
            write("│ " + line.ljust(width - 1) + "│")
        write("└" + "─" * width + "┘")
