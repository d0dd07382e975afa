"""Fill the database with a fictional but realistic network: ``manage.py seed_demo``.

Idempotent: people are generated from a fixed seed, independently of the database, and only
those whose email address is not there yet are created; existing accounts are left as they are.
Chat rooms are created once, by name (demo/chat_seed.py); walls are filled once
(demo/walls_seed.py), and so is the news feed (demo/news_seed.py). The
people come from demo/generator.py.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from taggit.models import Tag, TaggedItem

from community.models import Application, Profile, User, UserStatus
from community.services.membership import application_submit
from demo import people as data
from demo.chat_seed import seed_chat
from demo.documents_seed import seed_documents
from demo.events_seed import seed_events
from demo.generator import (
    DOMAIN,
    PASSWORDS,
    Generator,
    Person,
)
from demo.news_seed import seed_news
from demo.projects_seed import seed_projects
from demo.walls_seed import seed_walls
from legal.models import CharterAcceptance
from legal.selectors import current_charter
from search.backends.base import SearchUnavailable
from search.indexing import rebuild


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
        self.seed_events()
        self.index_posts()
        self.index_messages()
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

    def seed_events(self) -> None:
        result = seed_events(DOMAIN)
        if result is None:
            self.stderr.write("Agenda non rempli : les comptes de démonstration manquent.")
            return
        self.stdout.write(
            f"Agenda : {result.events} événements et {result.registrations} inscriptions "
            "créés lors de cette exécution."
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

    def index_messages(self) -> None:
        """The chat's services keep the messages index in step, but the seed dates the
        messages afterwards: the index is rebuilt once, with the dates the rooms show."""
        try:
            count = rebuild("messages")
        except SearchUnavailable as error:
            self.stderr.write(f"Index de recherche des discussions non reconstruit ({error}) : "
                              "lancez `manage.py search_reindex messages` quand le moteur "
                              "répond.")
        else:
            self.stdout.write(f"Index de recherche des discussions : {count} messages.")

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
        charter = current_charter()  # onboarding accepts it: the seeded members did so too
        if charter is not None:
            CharterAcceptance.objects.bulk_create([
                CharterAcceptance(user=user, version=charter)
                for user, p in zip(users, new, strict=True) if p.profile.get("onboarded_at")
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
            f"URL : {settings.SITE_URL}",  # ./catalyse demo sets it from HOST and PORT
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
