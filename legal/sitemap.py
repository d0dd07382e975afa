"""The *plan du site*: every main page the reader can reach, in sections.

Built from URL names, so legal imports no other app; a name that does not resolve (an app not
installed) is left out rather than breaking the page. Who reads decides what is listed: an
anonymous visitor and an applicant see the public pages, a member the whole platform, a
moderator the moderation pages as well.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: str
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    entries: list[Entry]


def _entries(links) -> list[Entry]:
    entries = []
    for label, name, *args in links:
        try:
            entries.append(Entry(label=label, url=reverse(name, args=args)))
        except NoReverseMatch:
            continue
    return entries


ABOUT = [
    (_("Legal notice"), "legal:legal_notice"),
    (_("Privacy policy"), "legal:privacy"),
    (_("Community charter"), "legal:charter"),
    (_("Accessibility statement"), "legal:accessibility"),
    (_("Site map"), "legal:sitemap"),
]
NETWORK = [
    (_("Home"), "community:home"),
    (_("Wall"), "walls:group"),
    (_("Walls"), "walls:index"),
    (_("Questions"), "walls:questions"),
    (_("News feed"), "news:feed"),
    (_("Agenda"), "events:agenda"),
]
WORK = [
    (_("Projects"), "projects:list"),
    (_("Documents"), "documents:overview"),
    (_("Chat"), "chat:index"),
]
PEOPLE = [
    (_("Members"), "community:directory"),
    (_("Who can help me?"), "community:who_can_help"),
    (_("Search"), "search:everywhere"),
]
MODERATION = [
    (_("Applications"), "community:applications"),
    (_("Invitations"), "community:invitations"),
    (_("Moderation queue"), "moderation:reports"),
    (_("Moderation log"), "moderation:journal"),
    (_("Suspended members"), "community:suspended_members"),
]


def _account(user) -> list:
    return [
        (_("My profile"), "community:member_detail", user.pk),
        (_("Edit my profile"), "community:profile_edit"),
        (_("Notifications"), "notifications:index"),
        (_("Notification preferences"), "notifications:preferences"),
        (_("My data"), "privacy:my_data"),
        (_("Email addresses"), "account_email"),
        (_("Password"), "account_change_password"),
        (_("Two-factor authentication"), "mfa_index"),
        (_("Sessions"), "usersessions_list"),
    ]


def site_map(user) -> list[Section]:
    """The sections ``user`` may reach (``is_member``/``is_moderator`` as the user model says)."""
    about = Section(_("About the platform"), _entries(ABOUT))
    if not user.is_authenticated:
        public = [(_("Home"), "community:home"), (_("Log in"), "account_login"),
                  (_("Apply to join"), "account_signup")]
        return [Section(_("Public pages"), _entries(public)), about]
    if not getattr(user, "is_member", False):
        mine = [(_("Your application"), "community:application_status"),
                (_("Email addresses"), "account_email"), (_("Password"), "account_change_password")]
        return [Section(_("My account"), _entries(mine)), about]
    sections = [
        Section(_("The network"), _entries(NETWORK)),
        Section(_("Working together"), _entries(WORK)),
        Section(_("People"), _entries(PEOPLE)),
        Section(_("My account"), _entries(_account(user))),
    ]
    if getattr(user, "is_moderator", False):
        sections.append(Section(_("Moderation"), _entries(MODERATION)))
    sections.append(about)
    return sections
