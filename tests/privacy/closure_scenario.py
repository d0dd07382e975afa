"""A member who leaves with a bit of everything behind them (tests/privacy/test_closure*.py).

Everything is made through the apps' services, as a person would: a post, a comment, a
reaction, chat messages, a document in the library and one in a project, a project they own,
a seat at an event with someone on the waitlist, reports both ways, a suspension in the audit
log, notifications both ways. Their name, e-mail address and one word nobody else uses
("xylophonique") are what the tests look for afterwards.
"""

from dataclasses import dataclass

from chat import services as chat
from community.services import membership
from documents import services as documents
from events import services as events
from moderation import services as moderation
from tests.documents.helpers import card, make_project, text_file
from tests.events.conftest import make_event
from tests.factories import MemberFactory
from walls import services as walls
from walls.models import Wall

FIRST, LAST = "Zéphyrin", "Quillebeuf"
EMAIL = "zephyrin.quillebeuf@exemple.fr"
WORD = "xylophonique"


@dataclass
class Leaver:
    member: object
    post: object
    comment: object
    message: object
    library_document: object
    project_document: object
    project: object
    event: object
    waiting: object
    room: object


def build_leaver(*, moderator, other) -> Leaver:
    leaver = MemberFactory(first_name=FIRST, last_name=LAST, email=EMAIL,
                           onboarded__skills=["Cartographie sonore"])
    profile = leaver.profile
    profile.bio = f"Passionné de paysages {WORD}s."
    profile.phone = "06 12 34 56 78"
    profile.save()
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    post = walls.post_create(actor=leaver, wall=wall, body=f"Un atelier {WORD} à Brest.")
    others_post = walls.post_create(actor=other, wall=wall, body="Qui vient jeudi ?")
    comment = walls.comment_create(actor=leaver, post=others_post, body=f"Moi, {WORD} !")
    walls.comment_create(actor=other, post=post, body="Bonne idée.")
    walls.reaction_toggle(actor=leaver, post=others_post, kind="thanks")
    walls.post_report(actor=other, post=post, reason="Hors sujet ?")
    walls.post_report(actor=leaver, post=others_post, reason="Doublon")
    room = chat.room_create(actor=moderator, name="Tiers-lieux")
    chat.room_join(actor=leaver, room=room)
    chat.room_join(actor=other, room=room)
    message = chat.message_send(actor=leaver, room=room, body=f"Salut, son {WORD} ici.")
    chat.message_send(actor=other, room=room, body="Bienvenue !", reply_to_id=message.pk)
    library_document = documents.document_propose(
        actor=leaver, **card(title=f"Guide {WORD}"), uploads=[text_file(text=f"{WORD}\n")],
        note="v1")
    moderation.decide(actor=moderator, item=library_document, decision="approve")
    project = make_project(leaver, members=[other], title="Tiers-lieu sonore")
    project_document = documents.project_document_add(
        actor=leaver, project=project, **card(title=f"Notes {WORD}"),
        uploads=[text_file(name="notes.txt", text=f"Notes {WORD}\n")], note="")
    event = make_event(moderator, capacity=1)
    events.registration_create(actor=leaver, event=event)
    waiting = events.registration_create(actor=other, event=event)
    membership.member_suspend(actor=moderator, member=leaver, reason=f"Propos de {FIRST}")
    membership.member_reactivate(actor=moderator, member=leaver)
    leaver.refresh_from_db()
    return Leaver(member=leaver, post=post, comment=comment, message=message,
                  library_document=library_document, project_document=project_document,
                  project=project, event=event, waiting=waiting, room=room)
