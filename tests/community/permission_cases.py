"""The rows of the permission matrix (test_permissions_matrix.py) over the pages of the
community, chat, walls and news apps (DESIGN.md §3, §8, §9): one row per (URL, method), one expected
outcome per role. Outcomes are status codes or the place a redirect leads to."""

from dataclasses import dataclass
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image

ROLES = ("anonymous", "applicant", "member", "moderator", "admin")

# Outcomes other than a plain status code.
LOGIN = "login"  # 302 to allauth's login page, with ?next=
STATUS = "application_status"  # 302 to the applicant's status page
HOME = "home"  # 302 to the member's home (or the landing page)
ADMIN_LOGIN = "admin_login"  # 302 to the Django admin's own login page
APPLICATIONS = "applications"  # 302 back to the moderators' applications desk
INVITATIONS = "invitations"
SUSPENDED = "suspended_members"
MEMBER_DETAIL = "member_detail"  # 302 to the target member's profile
CHAT_INDEX = "chat_index"  # 302 to the list of rooms
CHAT_ROOM = "chat_room"  # 302 to the public target room (perhaps positioned on one message)
CHAT_NEW_ROOM = "chat_new_room"  # 302 to a room made by the request (a new room, a conversation)
WALLS = "walls"  # 302 to a page of the walls (a wall, a post, perhaps one of its comments)
NEWS = "news"  # 302 to a page of the news feed (a news item, "My proposals")


def per_role(anonymous, applicant, member, moderator, admin) -> dict:
    return dict(zip(ROLES, (anonymous, applicant, member, moderator, admin), strict=True))


def members_only(outcome):
    """A page for approved members: the usual answers for anonymous users and applicants."""
    return per_role(LOGIN, STATUS, outcome, outcome, outcome)


def moderators_only(outcome, member=403):
    return per_role(LOGIN, STATUS, member, outcome, outcome)


@dataclass(frozen=True)
class Case:
    id: str
    url: str  # a URL name, or a literal path starting with "/"
    method: str
    expected: dict
    target: str = ""  # which object gives the URL argument
    data: dict | None = None


CASES = [
    # --- public pages -------------------------------------------------------------------------
    Case("home", "community:home", "GET", per_role(200, STATUS, 200, 200, 200)),
    Case("healthz", "/healthz", "GET", per_role(200, 200, 200, 200, 200)),
    Case("healthz", "/healthz", "POST", per_role(405, 405, 405, 405, 405)),
    # A public page still sends a signed-in applicant to their status page (the gate runs
    # before the view); a signed-in member is sent home and the invitation stays unused.
    Case("invitation", "community:invitation_accept", "GET",
         per_role(200, STATUS, HOME, HOME, HOME), target="token"),
    Case("invitation", "community:invitation_accept", "POST",
         per_role(200, STATUS, HOME, HOME, HOME), target="token"),
    Case("invitation-unknown", "community:invitation_accept", "GET",
         per_role(410, STATUS, 410, 410, 410), target="unknown_token"),
    Case("invitation-unknown", "community:invitation_accept", "POST",
         per_role(410, STATUS, 410, 410, 410), target="unknown_token"),
    # --- allauth and the Django admin ---------------------------------------------------------
    Case("login", "account_login", "GET", per_role(200, HOME, HOME, HOME, HOME)),
    Case("login", "account_login", "POST", per_role(200, HOME, HOME, HOME, HOME)),
    Case("signup", "account_signup", "GET", per_role(200, HOME, HOME, HOME, HOME)),
    Case("signup", "account_signup", "POST", per_role(200, HOME, HOME, HOME, HOME)),
    Case("admin", "/admin/", "GET", per_role(LOGIN, STATUS, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
    # --- the applicant's page -----------------------------------------------------------------
    Case("application_status", "community:application_status", "GET",
         per_role(LOGIN, 200, HOME, HOME, HOME)),
    # --- member pages -------------------------------------------------------------------------
    # Every role fixture has completed onboarding: the page sends them home on GET, and an
    # empty POST re-renders the form with its errors.
    Case("onboarding", "community:onboarding", "GET", members_only(HOME)),
    Case("onboarding", "community:onboarding", "POST", members_only(200)),
    Case("directory", "community:directory", "GET", members_only(200)),
    Case("directory", "community:directory", "POST", members_only(405)),
    Case("region_map_shapes", "community:region_map_shapes", "GET", members_only(200)),
    Case("region_map_shapes", "community:region_map_shapes", "POST", members_only(405)),
    Case("who-can-help", "community:who_can_help", "GET", members_only(200)),
    Case("who-can-help", "community:who_can_help", "POST", members_only(405)),
    Case("member_detail", "community:member_detail", "GET", members_only(200), target="member"),
    Case("member_detail", "community:member_detail", "POST", members_only(405),
         target="member"),
    Case("member_photo", "community:member_photo", "GET", members_only(200), target="member"),
    Case("member_photo", "community:member_photo", "POST", members_only(405), target="member"),
    Case("profile_edit", "community:profile_edit", "GET", members_only(200)),
    Case("profile_edit", "community:profile_edit", "POST", members_only(200)),
    # --- the moderators' desk -----------------------------------------------------------------
    Case("applications", "community:applications", "GET", moderators_only(200)),
    Case("applications", "community:applications", "POST", moderators_only(405, member=405)),
    Case("application_approve", "community:application_approve", "GET",
         moderators_only(405, member=405), target="application"),
    Case("application_approve", "community:application_approve", "POST",
         moderators_only(APPLICATIONS), target="application"),
    Case("application_reject", "community:application_reject", "GET", moderators_only(200),
         target="application"),
    Case("application_reject", "community:application_reject", "POST",
         moderators_only(APPLICATIONS), target="application",
         data={"reason": "Votre structure n'est pas un acteur de territoire."}),
    Case("invitations", "community:invitations", "GET", moderators_only(200)),
    Case("invitations", "community:invitations", "POST", moderators_only(INVITATIONS),
         data={"emails": "nouvelle.personne@exemple.fr"}),
    Case("suspended_members", "community:suspended_members", "GET", moderators_only(200)),
    Case("suspended_members", "community:suspended_members", "POST",
         moderators_only(405, member=405)),
    Case("member_suspend", "community:member_suspend", "GET", moderators_only(200),
         target="member"),
    Case("member_suspend", "community:member_suspend", "POST", moderators_only(SUSPENDED),
         target="member", data={"reason": "Démarchage commercial répété."}),
    Case("member_reactivate", "community:member_reactivate", "GET",
         moderators_only(405, member=405), target="suspended"),
    Case("member_reactivate", "community:member_reactivate", "POST",
         moderators_only(SUSPENDED), target="suspended"),
    Case("member_role", "community:member_role", "GET", moderators_only(405, member=405),
         target="member"),
    Case("member_role", "community:member_role", "POST",
         per_role(LOGIN, STATUS, 403, 403, MEMBER_DETAIL), target="member",
         data={"role": "moderator"}),
    # --- chat (DESIGN.md §7: nobody reads a private room they are not in, moderators neither) --
    Case("chat_index", "chat:index", "GET", members_only(200)),
    Case("chat_index", "chat:index", "POST", members_only(405)),
    Case("chat_unread", "chat:unread", "GET", members_only(200)),
    Case("chat_unread", "chat:unread", "POST", members_only(405)),
    # The chat history search: a member's own rooms only (tests/chat/test_history_search*.py).
    Case("chat_search", "chat:search", "GET", members_only(200)),
    Case("chat_search", "chat:search", "POST", members_only(405)),
    Case("chat_room_create", "chat:room_create", "GET", members_only(405)),
    Case("chat_room_create-public", "chat:room_create", "POST",
         moderators_only(CHAT_NEW_ROOM), data={"kind": "public", "public-name": "Salon"}),
    Case("chat_room_create-private", "chat:room_create", "POST", members_only(CHAT_NEW_ROOM),
         data={"kind": "private", "private-name": "Groupe",
               "private-members": "theo.cible@exemple.fr"}),
    Case("chat_direct", "chat:direct", "GET", members_only(405), target="member"),
    Case("chat_direct", "chat:direct", "POST", members_only(CHAT_NEW_ROOM), target="member"),
    Case("chat_direct-applicant", "chat:direct", "POST", members_only(404),
         target="applicant_user"),
    Case("chat_room", "chat:room", "GET", members_only(200), target="public_room"),
    Case("chat_room", "chat:room", "POST", members_only(405), target="public_room"),
    Case("chat_room-private", "chat:room", "GET", members_only(404), target="private_room"),
    # A message's address (from the chat search) leads to its room positioned on it.
    Case("chat_message", "chat:message", "GET", members_only(CHAT_ROOM), target="message"),
    Case("chat_message", "chat:message", "POST", members_only(405), target="message"),
    Case("chat_message-private", "chat:message", "GET", members_only(404),
         target="private_message"),
    Case("chat_send", "chat:send", "GET", members_only(405), target="public_room"),
    Case("chat_send", "chat:send", "POST", members_only(CHAT_ROOM), target="public_room",
         data={"body": "Bonjour à tous"}),
    Case("chat_send-private", "chat:send", "POST", members_only(404), target="private_room",
         data={"body": "Intrusion"}),
    # The composer's @mention suggestions: whoever sees the room, like the room page.
    Case("chat_room_members_json", "chat:room_members_json", "GET", members_only(200),
         target="public_room"),
    Case("chat_room_members_json", "chat:room_members_json", "POST", members_only(405),
         target="public_room"),
    Case("chat_room_members_json-private", "chat:room_members_json", "GET", members_only(404),
         target="private_room"),
    Case("chat_mark_read", "chat:mark_read", "GET", members_only(405), target="public_room"),
    Case("chat_mark_read", "chat:mark_read", "POST", members_only(CHAT_ROOM),
         target="public_room"),
    Case("chat_mark_read-private", "chat:mark_read", "POST", members_only(404),
         target="private_room"),
    Case("chat_join", "chat:join", "GET", members_only(405), target="public_room"),
    Case("chat_join", "chat:join", "POST", members_only(CHAT_ROOM), target="public_room"),
    Case("chat_join-private", "chat:join", "POST", members_only(404), target="private_room"),
    Case("chat_leave", "chat:leave", "GET", members_only(405), target="public_room"),
    Case("chat_leave", "chat:leave", "POST", members_only(CHAT_INDEX), target="public_room"),
    Case("chat_leave-private", "chat:leave", "POST", members_only(404), target="private_room"),
    Case("chat_archive", "chat:archive", "GET", members_only(405), target="public_room"),
    Case("chat_archive", "chat:archive", "POST", moderators_only(CHAT_ROOM),
         target="public_room"),
    Case("chat_archive-private", "chat:archive", "POST", members_only(404),
         target="private_room"),
    # A private room's creator invites and removes its members (tests/chat/test_room_members.py):
    # nobody manages the members of a public room, and outsiders do not see a private room.
    Case("chat_invite", "chat:invite", "GET", members_only(405), target="public_room"),
    Case("chat_invite", "chat:invite", "POST", members_only(403), target="public_room",
         data={"invite-members": "theo.cible@exemple.fr"}),
    Case("chat_invite-private", "chat:invite", "POST", members_only(404),
         target="private_room", data={"invite-members": "theo.cible@exemple.fr"}),
    Case("chat_member_remove", "chat:member_remove", "GET", members_only(405),
         target="public_member"),
    Case("chat_member_remove", "chat:member_remove", "POST", members_only(403),
         target="public_member"),
    Case("chat_member_remove-private", "chat:member_remove", "POST", members_only(404),
         target="private_member"),
    # Only the author edits a message; the role fixtures are never its author. Moderators
    # delete others' messages in public rooms (with a reason: without one, the form again).
    Case("chat_message_edit", "chat:message_edit", "GET", members_only(403), target="message"),
    Case("chat_message_edit", "chat:message_edit", "POST", members_only(403), target="message",
         data={"body": "Réécrit"}),
    Case("chat_message_edit-private", "chat:message_edit", "GET", members_only(404),
         target="private_message"),
    Case("chat_message_delete", "chat:message_delete", "GET", moderators_only(200),
         target="message"),
    Case("chat_message_delete", "chat:message_delete", "POST", moderators_only(200),
         target="message"),
    Case("chat_message_delete-reason", "chat:message_delete", "POST",
         moderators_only(CHAT_ROOM), target="message", data={"reason": "Hors charte."}),
    Case("chat_message_delete-private", "chat:message_delete", "POST", members_only(404),
         target="private_message"),
    # Any member who sees the room reports a message that is not theirs.
    Case("chat_message_report", "chat:message_report", "GET", members_only(200),
         target="message"),
    Case("chat_message_report", "chat:message_report", "POST", members_only(CHAT_ROOM),
         target="message", data={"reason": "Propos blessants."}),
    Case("chat_message_report-private", "chat:message_report", "GET", members_only(404),
         target="private_message"),
    # --- walls (the target post and comment are Théo Cible's, on a themed wall) --------------
    Case("walls_group", "walls:group", "GET", members_only(200)),
    Case("walls_group", "walls:group", "POST", members_only(405)),
    Case("walls_index", "walls:index", "GET", members_only(200)),
    Case("walls_index", "walls:index", "POST", members_only(405)),
    Case("walls_wall", "walls:wall", "GET", members_only(200), target="wall"),
    Case("walls_wall", "walls:wall", "POST", members_only(405), target="wall"),
    Case("walls_wall-unknown", "walls:wall", "GET", members_only(404), target="unknown_wall"),
    # The walls' search: members only; what each finds is the posts index's access filter
    # (tests/walls/test_search.py).
    Case("walls_search", "walls:search", "GET", members_only(200)),
    Case("walls_search", "walls:search", "POST", members_only(405)),
    Case("walls_search-query", "/mur/recherche/?q=bonjour", "GET", members_only(200)),
    Case("walls_activity", "walls:activity", "GET", members_only(200), target="wall"),
    Case("walls_activity", "walls:activity", "POST", members_only(405), target="wall"),
    Case("walls_wall_create", "walls:wall_create", "GET", moderators_only(200)),
    Case("walls_wall_create", "walls:wall_create", "POST", moderators_only(WALLS),
         data={"name": "Mobilisation des acteurs"}),
    Case("walls_wall_archive", "walls:wall_archive", "GET", members_only(405), target="wall"),
    Case("walls_wall_archive", "walls:wall_archive", "POST", moderators_only(WALLS),
         target="wall"),
    Case("walls_post_create", "walls:post_create", "GET", members_only(405), target="wall"),
    Case("walls_post_create", "walls:post_create", "POST", members_only(WALLS), target="wall",
         data={"body": "Bonjour à tous"}),
    Case("walls_post_detail", "walls:post_detail", "GET", members_only(200), target="post"),
    Case("walls_post_detail", "walls:post_detail", "POST", members_only(405), target="post"),
    # A hidden post: gone for members, still there for moderators (marked, with Restore).
    Case("walls_post_detail-hidden", "walls:post_detail", "GET",
         per_role(LOGIN, STATUS, 404, 200, 200), target="hidden_post"),
    Case("walls_post_edit", "walls:post_edit", "GET", members_only(403), target="post"),
    Case("walls_post_edit", "walls:post_edit", "POST", members_only(403), target="post",
         data={"body": "Réécrit"}),
    Case("walls_post_delete", "walls:post_delete", "GET", members_only(403), target="post"),
    Case("walls_post_delete", "walls:post_delete", "POST", members_only(403), target="post"),
    Case("walls_post_report", "walls:post_report", "GET", members_only(200), target="post"),
    Case("walls_post_report", "walls:post_report", "POST", members_only(WALLS), target="post",
         data={"reason": "Démarchage."}),
    # Attachments: downloads and thumbnails of what the reader may see; a hidden post's files
    # only for the moderators, who judge it.
    Case("walls_attachment_download", "walls:attachment_download", "GET", members_only(200),
         target="attachment"),
    Case("walls_attachment_download", "walls:attachment_download", "POST", members_only(405),
         target="attachment"),
    Case("walls_attachment_download-hidden", "walls:attachment_download", "GET",
         per_role(LOGIN, STATUS, 404, 200, 200), target="hidden_attachment"),
    Case("walls_attachment_thumbnail", "walls:attachment_thumbnail", "GET", members_only(200),
         target="attachment"),
    Case("walls_attachment_thumbnail", "walls:attachment_thumbnail", "POST",
         members_only(405), target="attachment"),
    Case("walls_attachment_thumbnail-hidden", "walls:attachment_thumbnail", "GET",
         per_role(LOGIN, STATUS, 404, 200, 200), target="hidden_attachment"),
    Case("walls_reaction_toggle", "walls:reaction_toggle", "GET", members_only(405),
         target="post"),
    Case("walls_reaction_toggle", "walls:reaction_toggle", "POST", members_only(WALLS),
         target="post", data={"kind": "thanks"}),
    Case("walls_reaction_toggle-hidden", "walls:reaction_toggle", "POST",
         per_role(LOGIN, STATUS, 404, 403, 403), target="hidden_post", data={"kind": "thanks"}),
    Case("walls_comment_create", "walls:comment_create", "GET", members_only(405),
         target="post"),
    Case("walls_comment_create", "walls:comment_create", "POST", members_only(WALLS),
         target="post", data={"body": "Merci !"}),
    Case("walls_comment_create-hidden", "walls:comment_create", "POST",
         per_role(LOGIN, STATUS, 404, 403, 403), target="hidden_post", data={"body": "?"}),
    Case("walls_post_pin", "walls:post_pin", "GET", members_only(405), target="post"),
    Case("walls_post_pin", "walls:post_pin", "POST", moderators_only(WALLS), target="post"),
    Case("walls_post_unpin", "walls:post_unpin", "GET", members_only(405), target="post"),
    Case("walls_post_unpin", "walls:post_unpin", "POST", moderators_only(WALLS),
         target="post"),
    Case("walls_comment_edit", "walls:comment_edit", "GET", members_only(403),
         target="wall_comment"),
    Case("walls_comment_edit", "walls:comment_edit", "POST", members_only(403),
         target="wall_comment", data={"body": "Réécrit"}),
    Case("walls_comment_delete", "walls:comment_delete", "GET", members_only(403),
         target="wall_comment"),
    Case("walls_comment_delete", "walls:comment_delete", "POST", members_only(403),
         target="wall_comment"),
    Case("walls_comment_report", "walls:comment_report", "GET", members_only(200),
         target="wall_comment"),
    Case("walls_comment_report", "walls:comment_report", "POST", members_only(WALLS),
         target="wall_comment", data={"reason": "Hors sujet."}),
    # Questions (*demandes d'aide*): the target question is Théo Cible's, answered by another
    # person; only the asker sees who may help and accepts an answer.
    Case("walls_questions", "walls:questions", "GET", members_only(200)),
    Case("walls_questions", "walls:questions", "POST", members_only(405)),
    Case("walls_questions-filtered", "/mur/questions/?region=bretagne&competence=x&statut=resolues",
         "GET", members_only(200)),
    Case("walls_question_create", "walls:question_create", "GET", members_only(200)),
    Case("walls_question_create", "walls:question_create", "POST", members_only(WALLS),
         data={"body": "Qui a monté un tiers-lieu ?", "skills": "Tiers-lieux"}),
    # From a themed wall (archived walls: tests/walls/test_questions_themed.py).
    Case("walls_wall_question_create", "walls:wall_question_create", "GET", members_only(200),
         target="wall"),
    Case("walls_wall_question_create", "walls:wall_question_create", "POST",
         members_only(WALLS), target="wall",
         data={"body": "Qui a monté un tiers-lieu ?", "skills": "Tiers-lieux"}),
    Case("walls_wall_question_create-unknown", "walls:wall_question_create", "GET",
         members_only(404), target="unknown_wall"),
    Case("walls_question_help", "walls:question_help", "GET", members_only(403),
         target="question"),
    Case("walls_question_help", "walls:question_help", "POST", members_only(403),
         target="question"),
    Case("walls_answer_accept", "walls:answer_accept", "GET", members_only(405),
         target="answer"),
    Case("walls_answer_accept", "walls:answer_accept", "POST", members_only(403),
         target="answer"),
    # --- news feed (the target items are Théo Cible's: published, pending, hidden) -----------
    Case("news_feed", "news:feed", "GET", members_only(200)),
    Case("news_feed", "news:feed", "POST", members_only(405)),
    Case("news_mine", "news:mine", "GET", members_only(200)),
    Case("news_mine", "news:mine", "POST", members_only(405)),
    # Members propose (the item waits), moderators publish: both land on the new item.
    Case("news_propose", "news:propose", "GET", members_only(200)),
    Case("news_propose", "news:propose", "POST", members_only(NEWS),
         data={"title": "Une nouvelle", "summary": "En deux mots.", "when": "now"}),
    Case("news_detail", "news:detail", "GET", members_only(200), target="news_item"),
    Case("news_detail", "news:detail", "POST", members_only(405), target="news_item"),
    Case("news_detail-pending", "news:detail", "GET", per_role(LOGIN, STATUS, 404, 200, 200),
         target="pending_news"),
    Case("news_detail-hidden", "news:detail", "GET", per_role(LOGIN, STATUS, 404, 200, 200),
         target="hidden_news"),
    Case("news_edit", "news:edit", "GET", moderators_only(200), target="news_item"),
    Case("news_edit", "news:edit", "POST", moderators_only(NEWS), target="news_item",
         data={"title": "Titre revu", "summary": "Résumé revu."}),
    Case("news_edit-pending", "news:edit", "GET", per_role(LOGIN, STATUS, 404, 200, 200),
         target="pending_news"),
    # Only the author withdraws their proposal; the role fixtures are never its author.
    Case("news_withdraw", "news:withdraw", "GET", members_only(403), target="news_item"),
    Case("news_withdraw", "news:withdraw", "POST", members_only(403), target="news_item"),
    Case("news_withdraw-pending", "news:withdraw", "POST",
         per_role(LOGIN, STATUS, 404, 403, 403), target="pending_news"),
    Case("news_pin", "news:pin", "GET", members_only(405), target="news_item"),
    Case("news_pin", "news:pin", "POST", moderators_only(NEWS), target="news_item"),
    Case("news_pin-hidden", "news:pin", "POST", per_role(LOGIN, STATUS, 404, 403, 403),
         target="hidden_news"),
    Case("news_search", "news:search", "GET", members_only(200)),
    Case("news_search", "news:search", "POST", members_only(405)),
    Case("news_search-query", "/actualites/recherche/?q=publi%C3%A9e&tri=recents", "GET",
         members_only(200)),
    # Anyone but the author reports a published item, once; hidden ones are gone for members.
    Case("news_report", "news:report", "GET", members_only(200), target="news_item"),
    Case("news_report", "news:report", "POST", members_only(NEWS), target="news_item",
         data={"reason": "Publicité."}),
    Case("news_report-hidden", "news:report", "GET", per_role(LOGIN, STATUS, 404, 403, 403),
         target="hidden_news"),
    Case("news_unpin", "news:unpin", "GET", members_only(405), target="news_item"),
    Case("news_unpin", "news:unpin", "POST", moderators_only(NEWS), target="news_item"),
]

MATRIX = [
    pytest.param(case, role, id=f"{case.method}-{case.id}-{role}")
    for case in CASES
    for role in ROLES
]


def _webp() -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "WEBP")
    return ContentFile(buffer.getvalue(), name="photo.webp")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the cache; each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()
