"""A member with something in every section of the export, each thing carrying a word of its
own (so that a test finds it in the archive), and another member whose words must not be in it.
Writes go through each app's services where they exist."""

import io
import json
import zipfile
from dataclasses import dataclass

from allauth.usersessions.models import UserSession
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from chat import services as chat_services
from community.models import Application
from events.models import EventDocument, EventLibraryDocument, Registration
from moderation.models import Report
from notifications import services as notification_services
from privacy.models import DataExport
from projects.models import Task
from tests.documents.factories import DocumentFactory
from tests.documents.helpers import make_project, proposed, text_file
from tests.events.factories import EventFactory
from tests.factories import PostFactory
from walls import services as wall_services
from walls.models import Post, PostAttachment, Wall

# One word per section: each must be found in the member's archive.
WORDS = {
    "profil": "Zéphyrinbio",
    "billets": "Quasarpost",
    "questions": "Hélicequestion",
    "commentaires": "Boréalcomment",
    "reponses": "Nébuleuseanswer",
    "messages": "Kumquatchat",
    "actualites": "Mandragorenews",
    "projets": "Tamariniermessage",
    "projets-crees": "Baobabprojet",
    "taches": "Ocelottask",
    "documents": "Pangolindoc",
    "inscriptions": "Axolotlréponse",
    "connexions": "Firefox-Ornithorynque",
    "adhesion": "Capybaramotivation",
    "salons": "Salon Wombat",
    "signalements": "Lynxsignalement",
    "evenements-fichiers": "Diaporama Okapi",
    "evenements-documents": "Fiche Quokka",
}
# Written by somebody else: never in the member's archive, except the start of the message the
# member answered, which is there as context, from "another member".
OTHERS_SECRET = "Yéti-secret-de-l-autre"
ANSWERED_WORDS = "Gnou-question-de-l-autre"


@dataclass
class Seeded:
    member: object
    other: object
    photo_bytes: bytes
    attachment_bytes: bytes


def seed_everything(member, other, *, again: int = 0) -> Seeded:
    """Everything once; ``again=n`` adds one more of each row of the sections that have many
    (a test of query counts), under other names."""
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    profile = member.profile
    profile.bio = f"Je facilite des coopérations. {WORDS['profil']}"
    profile.phone = "02 98 00 00 00"
    photo = b"\x89PNG fake photo bytes"
    profile.photo.name = default_storage.save("avatars/abc123.png", ContentFile(photo))
    profile.save()

    post = wall_services.post_create(actor=member, wall=wall, body=f"Mon billet {WORDS['billets']}")
    attached = b"contenu du fichier joint"
    PostAttachment.objects.create(
        post=post, file=default_storage.save("walls/x1.txt", ContentFile(attached)),
        kind="text", size=len(attached), display_name="programme atelier.txt",
        content_type="text/plain",
    )
    wall_services.post_create(actor=other, wall=wall, body=f"Billet de l'autre {OTHERS_SECRET}")
    others_post = PostFactory(author=other, body=f"Encore {OTHERS_SECRET}")
    wall_services.comment_create(actor=member, post=others_post,
                                 body=f"Mon commentaire {WORDS['commentaires']}")
    wall_services.comment_create(actor=other, post=post, body=f"Réponse {OTHERS_SECRET}")
    wall_services.reaction_toggle(actor=member, post=others_post, kind="useful")
    wall_services.question_create(actor=member, wall=wall,
                                  body=f"Qui connaît {WORDS['questions']} ?")
    others_question = wall_services.question_create(actor=other, wall=wall,
                                                    body=f"Question {OTHERS_SECRET}")
    wall_services.comment_create(actor=member, post=others_question,
                                 body=f"Ma réponse {WORDS['reponses']}")

    room = chat_services.room_create(actor=other, name=f"{WORDS['salons']}{again or ''}",
                                     kind="private",
                                     members=[member])
    asked = chat_services.message_send(actor=other, room=room,
                                       body=f"{ANSWERED_WORDS} on se voit jeudi ?")
    chat_services.message_send(actor=other, room=room, body=f"Autre {OTHERS_SECRET}")
    chat_services.message_send(actor=member, room=room, body=f"Oui jeudi {WORDS['messages']}",
                               reply_to_id=asked.pk)

    from news.models import NewsItem
    NewsItem.objects.create(author=member, title="Une actualité",
                            summary=f"Résumé {WORDS['actualites']}", body="")

    project = make_project(other, title=f"Projet de l'autre {again}")
    from projects.models import ProjectMembership
    ProjectMembership.objects.create(project=project, member=member,
                                     state=ProjectMembership.State.REQUESTED,
                                     message=f"Je voudrais aider {WORDS['projets']}")
    make_project(member, title=f"Mon projet {WORDS['projets-crees']} {again}")
    Task.objects.create(project=project, title=f"Tâche {WORDS['taches']}", assignee=member,
                        created_by=other)

    proposed(member, title=f"Guide {WORDS['documents']}",
             uploads=[text_file("compte rendu.txt", "Le texte du fichier déposé.\n")])

    event = EventFactory(created_by=other, moderation_status="published")
    EventDocument.objects.create(
        event=event, file=default_storage.save("events/documents/d1.txt", ContentFile(b"slides")),
        display_name=f"{WORDS['evenements-fichiers']} {again}.txt", content_type="text/plain",
        size=6, uploaded_by=member)
    EventLibraryDocument.objects.create(
        event=event, added_by=member,
        document=DocumentFactory(author=other, title=f"{WORDS['evenements-documents']} {again}"))
    Report.objects.create(reporter=member, content_type=ContentType.objects.get_for_model(Post),
                          object_id=others_post.pk,
                          reason=f"Propos déplacés {WORDS['signalements']}")
    Registration.objects.create(event=event, member=member, status="confirmed",
                                answers={"regime": f"végétarien {WORDS['inscriptions']}"})

    notification_services.preferences_update(actor=member, member=member,
                                             choices={"mention": "off"})
    UserSession.objects.create(user=member, ip="203.0.113.7", session_key=f"k{again}" * 16,
                               user_agent=WORDS["connexions"])
    if again:
        return Seeded(member, other, photo, attached)
    Application.objects.create(user=member, motivation=f"Je coordonne {WORDS['adhesion']}",
                               status="approved")
    return Seeded(member, other, photo, attached)


def open_archive(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def section_json(archive: zipfile.ZipFile, key: str) -> list[dict]:
    return json.loads(archive.read(f"{key}.json"))
