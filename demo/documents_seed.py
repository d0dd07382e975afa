"""Seed the document library (called by ``seed_demo``): documents in every entry point, small
generated PDF, text, Markdown and CSV files, a few member proposals waiting for or refused by
the moderators, and documents in the first projects. Every title is fictional but drawn from
the network's themes (territorial cooperation, PTCE, tiers-lieux, partnerships...).

Documents go through documents.services (file checks, versions, the feed, the index) and
moderation.services.decide; only their dates and download counts are set afterwards. Idempotent:
the documents are created once (the first title is the mark).
"""

import random
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from demo.chat_seed import SEED, cast
from documents import services
from documents.models import Document
from moderation.services import decide
from search.backends.base import SearchUnavailable
from search.indexing import rebuild

# (entry point, author key, title, description, levers, domains, tags, file kind or link)
LIBRARY = [
    ("reference", "moderator", "Panorama des alliances territoriales 2025",
     "Une étude nationale sur 120 coopérations entre collectivités, associations et "
     "entreprises : ce qui les fait naître, durer et changer d'échelle.",
     ["comprendre-son-ecosysteme", "apprendre-a-faire-alliance"], ["developpement-economique"],
     ["étude", "alliances"], "pdf"),
    ("reference", "moderator", "Charte des catalyseurs territoriaux",
     "Les principes communs du réseau : neutralité, coopération, transmission.",
     ["apprendre-a-faire-alliance"], [], ["charte", "réseau"], "pdf"),
    ("reference", "p3", "Cadre de référence des PTCE",
     "Ce qu'est un pôle territorial de coopération économique, ses formes juridiques et ses "
     "financements possibles.",
     ["transformer-son-modele"], ["emploi", "developpement-economique"], ["PTCE", "ESS"], "md"),
    ("methodes", "moderator", "Animer un premier tour de table territorial",
     "Une méthode en cinq étapes pour réunir pour la première fois élus, associations et "
     "entreprises autour d'un enjeu partagé.",
     ["apprendre-a-faire-alliance", "comprendre-son-ecosysteme"], ["lien-social"],
     ["animation", "concertation"], "pdf"),
    ("methodes", "p1", "Cartographier les acteurs de son territoire",
     "Repérer qui agit, sur quoi, avec qui : une démarche simple et ses supports.",
     ["comprendre-son-ecosysteme"], [], ["cartographie", "diagnostic"], "txt"),
    ("methodes", "p5", "Construire une gouvernance partagée",
     "Comités, collèges, règles de décision : retours d'expérience sur la gouvernance des "
     "projets portés à plusieurs.",
     ["definir-sa-strategie", "apprendre-a-faire-alliance"], [], ["gouvernance"], "pdf"),
    ("outils", "moderator", "Kit d'animation d'atelier de co-construction",
     "Fiches d'animation, consignes et modèles de restitution pour un atelier de trois heures.",
     ["apprendre-a-faire-alliance"], [], ["atelier", "facilitation", "kit"], "pdf"),
    ("outils", "p2", "Modèle de convention de partenariat association / entreprise",
     "Un modèle commenté, à adapter : objet, engagements, durée, communication.",
     ["apprendre-a-faire-alliance", "transformer-son-modele"], ["emploi"],
     ["convention", "mécénat"], "md"),
    ("outils", "p6", "Tableau de suivi des partenaires",
     "Un fichier CSV prêt à importer dans un tableur pour suivre contacts et engagements.",
     ["definir-sa-strategie"], [], ["suivi", "tableur"], "csv"),
    ("temoignages", "p4", "Un tiers-lieu nourricier en Pays de Redon",
     "Comment une friche agricole est devenue un lieu partagé entre maraîchers, cantine "
     "scolaire et chantier d'insertion.",
     ["qualifier-son-innovation"], ["environnement", "emploi"], ["tiers-lieux", "alimentation"],
     "pdf"),
    ("temoignages", "p7", "Mobilité solidaire : le garage associatif de Figeac",
     "Trois ans de coopération entre une association, un concessionnaire et la communauté "
     "de communes.",
     ["transformer-son-modele"], ["mobilite", "pauvrete"], ["mobilité", "garage solidaire"],
     "txt"),
    ("temoignages", "p8", "Vidéo : les entreprises s'engagent dans les quartiers",
     "Un reportage de douze minutes avec trois dirigeants et leurs partenaires associatifs.",
     ["apprendre-a-faire-alliance"], ["emploi"], ["RSE", "quartiers"],
     "https://www.youtube.com/watch?v=catalyse-demo"),
    ("autodiagnostic", "moderator", "Autodiagnostic : où en est votre coopération ?",
     "Vingt questions pour situer votre alliance et choisir les prochaines étapes.",
     ["evaluer-sa-pertinence"], [], ["autodiagnostic", "évaluation"], "pdf"),
    ("autodiagnostic", "p9", "Grille de maturité numérique des associations",
     "Une grille en cinq niveaux pour situer les usages numériques de votre structure.",
     ["accelerer-grace-au-numerique"], ["numerique"], ["numérique", "grille"], "md"),
    ("autodiagnostic", "p10", "Mesurer l'effet de levier partenarial",
     "Une méthode courte pour estimer ce que chaque partenaire apporte, en argent et en "
     "temps.",
     ["evaluer-sa-pertinence"], [], ["impact", "évaluation"], "txt"),
    ("formation", "moderator", "MOOC : coopérer sur son territoire",
     "Un cours en ligne de six semaines, gratuit, avec attestation de suivi.",
     ["apprendre-a-faire-alliance"], [], ["MOOC", "formation"],
     "https://www.fun-mooc.fr/fr/cours/cooperer-sur-son-territoire/"),
    ("formation", "p11", "Support du webinaire « Financer un PTCE »",
     "Les diapositives du webinaire, avec les contacts des trois pôles intervenants.",
     ["transformer-son-modele"], ["developpement-economique"], ["webinaire", "financement"],
     "pdf"),
    ("formation", "p12", "Parcours de formation des nouveaux catalyseurs",
     "Les quatre modules proposés aux membres arrivés cette année, et comment s'inscrire.",
     ["qualifier-son-innovation"], [], ["formation", "accueil"], "md"),
    ("donnees", "moderator", "Indicateurs de fragilité par département",
     "Chômage, pauvreté, accès aux services : une sélection d'indicateurs publics.",
     ["comprendre-son-ecosysteme"], ["pauvrete", "emploi", "sante"], ["données", "indicateurs"],
     "csv"),
    ("donnees", "p13", "Les tiers-lieux de Bretagne en chiffres",
     "Nombre, activités et emplois des tiers-lieux bretons, d'après le recensement régional.",
     ["comprendre-son-ecosysteme"], ["lien-social"], ["tiers-lieux", "Bretagne"], "csv"),
    ("donnees", "p14", "Atlas des mobilités rurales",
     "Cartes et données des temps d'accès aux services dans les territoires ruraux.",
     ["comprendre-son-ecosysteme"], ["mobilite"], ["mobilité", "ruralité"],
     "https://exemple.fr/atlas-mobilites-rurales"),
]
# Proposals by members: (author key, entry point, title, description, what happened).
PROPOSALS = [
    ("member", "outils", "Guide pratique du mécénat de compétences",
     "Comment accueillir des salariés mécènes dans une association : étapes et modèles.",
     "pending"),
    ("p2", "temoignages", "Retour d'expérience : un PTCE dans le Jura",
     "Dix ans de coopération économique entre artisans, collectivités et associations.",
     "pending"),
    ("p5", "reference", "Rapport sans source",
     "Un rapport dont l'auteur et la date ne sont pas indiqués.", "rejected"),
]
PROJECT_DOCUMENTS = [
    ("Compte rendu du comité de pilotage", "Décisions et prochaines étapes du projet.",
     "methodes", "txt"),
    ("Budget prévisionnel", "Le budget sur trois ans, par poste et par financeur.",
     "donnees", "csv"),
]


@dataclass
class Result:
    documents: int = 0
    proposals: int = 0
    project_documents: int = 0


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small one-page PDF with the title and a few lines, in Helvetica (Latin-1 text)."""
    def text(value: str) -> bytes:
        raw = value.encode("latin-1", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    stream = b"BT /F1 20 Tf 56 760 Td (" + text(title) + b") Tj ET"
    for number, line in enumerate(lines):
        stream += b" BT /F1 12 Tf 56 %d Td (" % (720 - 18 * number) + text(line) + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _file(kind: str, title: str, description: str) -> SimpleUploadedFile:
    stem = "-".join(title.lower().split())[:60]
    if kind == "pdf":
        data = _pdf(title, [description[i:i + 80] for i in range(0, len(description), 80)])
        return SimpleUploadedFile(f"{stem}.pdf", data, "application/pdf")
    if kind == "csv":
        rows = ["territoire;indicateur;valeur", "Finistère;taux de chômage;6,9",
                "Morbihan;taux de chômage;6,5", "Côtes-d'Armor;taux de chômage;6,8"]
        return SimpleUploadedFile(f"{stem}.csv", "\n".join(rows).encode(), "text/csv")
    if kind == "md":
        text = f"# {title}\n\n{description}\n\n## Pour aller plus loin\n\n- Contactez l'équipe."
        return SimpleUploadedFile(f"{stem}.md", text.encode(), "text/markdown")
    return SimpleUploadedFile(f"{stem}.txt", f"{title}\n\n{description}\n".encode(),
                              "text/plain")


def _content(kind_or_link: str, title: str, description: str) -> dict:
    if kind_or_link.startswith("https://"):
        return {"uploads": [], "link": kind_or_link}
    return {"uploads": [_file(kind_or_link, title, description)], "link": ""}


def seed_documents(domain: str) -> Result | None:
    """Fill the library; ``None`` when the demo people are missing."""
    rng = random.Random(SEED + 7)
    speakers = cast(domain, rng)
    if speakers is None:
        return None
    result = Result()
    if Document.objects.filter(title=LIBRARY[0][2]).exists():
        return result
    now = timezone.now()
    moderator = speakers["moderator"]
    with transaction.atomic():
        for index, (entry, author_key, title, description, levers, domains, tags,
                    content) in enumerate(LIBRARY):
            author = speakers.get(author_key, moderator)
            fields = {"title": title, "description": description, "entry_point": entry,
                      "levers": levers, "domains": domains, "tags": tags, "language": "fr",
                      **_content(content, title, description)}
            if author.is_moderator:
                document = services.document_publish(actor=author, **fields)
            else:
                document = services.document_propose(actor=author, **fields)
                decide(actor=moderator, item=document, decision="approve")
            when = now - timedelta(days=90 - index * 4, hours=rng.randint(0, 8))
            Document.objects.filter(pk=document.pk).update(
                created_at=when, published_at=when + timedelta(hours=3),
                download_count=rng.randint(0, 60),
            )
            result.documents += 1
        for author_key, entry, title, description, outcome in PROPOSALS:
            document = services.document_propose(
                actor=speakers.get(author_key, speakers["member"]), title=title,
                description=description, entry_point=entry, levers=[], domains=[], tags=[],
                **_content("txt", title, description),
            )
            if outcome == "rejected":
                decide(actor=moderator, item=document, decision="reject",
                       reason="Merci d'indiquer la source et la date du rapport.")
            result.proposals += 1
        result.project_documents = _project_documents()
    # The dates were set after the services indexed the documents: rebuild once. An engine
    # that does not answer is caught up later by `manage.py search_reindex documents`.
    with suppress(SearchUnavailable):
        rebuild("documents")
    return result


def _project_documents() -> int:
    """A couple of documents in the first projects, by their owners."""
    from projects.models import Project, ProjectMembership

    count = 0
    for project in Project.objects.order_by("pk")[:3]:
        owner = (ProjectMembership.objects.filter(
            project=project, role=ProjectMembership.Role.OWNER,
            state=ProjectMembership.State.MEMBER).select_related("member").first())
        if owner is None or not owner.member.is_member:
            continue
        for title, description, entry, kind in PROJECT_DOCUMENTS:
            services.project_document_add(
                actor=owner.member, project=project, title=title, description=description,
                entry_point=entry, levers=[], domains=[], tags=[],
                **_content(kind, title, description),
            )
            count += 1
    return count
