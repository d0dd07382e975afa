"""What community holds of a member, for their export (privacy/export/registry.py): the profile
with photo, skills and contact details, the e-mail addresses and two-factor methods of the
account (never a secret), the login history (allauth's user sessions: IP address, browser, dates)
and how they joined (their application, or the invitation they accepted)."""

import ipaddress

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.utils.translation import gettext_lazy as _

from community.models import Application, Invitation, Profile
from privacy.export.registry import CHUNK, Column, ExportFile, ExportSection, register


def profile_rows(member):
    profile = (Profile.objects.filter(user=member)
               .prefetch_related("metiers", "domains", "tagged_items__tag").first())
    addresses = list(EmailAddress.objects.filter(user=member).order_by("-primary", "email"))
    row = {
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        "date_joined": member.date_joined,
        "last_login": member.last_login,
        "status": member.get_status_display(),
        "role": member.get_role_display(),
        "language": getattr(member, "language", ""),
    }
    if profile is not None:
        row.update({
            "photo": (ExportFile(profile.photo.name, "photo" + _suffix(profile.photo.name))
                      if profile.photo else None),
            "organisation": profile.organisation,
            "job_title": profile.job_title,
            "actor_kind": profile.get_actor_kind_display(),
            "perimeter": profile.get_perimeter_display(),
            "region": profile.get_region_display(),
            "departement": profile.departement,
            "metiers": [str(metier.label) for metier in profile.metiers.all()],
            "domains": [str(domain.label) for domain in profile.domains.all()],
            "skills": sorted(item.tag.name for item in profile.tagged_items.all()),
            "can_help_with": profile.can_help_with,
            "looking_for": profile.looking_for,
            "bio": profile.bio,
            "links": profile.links,
            "phone": profile.phone,
            "show_email": profile.show_email,
            "show_phone": profile.show_phone,
            "contact_note": profile.contact_note,
            "public_directory_consent": profile.public_directory_consent,
            "onboarded_at": profile.onboarded_at,
            "updated_at": profile.updated_at,
        })
    yield row


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""


register(ExportSection(
    key="profil", title=_("Profile"), order=10, rows=profile_rows,
    description=_("your account, your profile with its photo, trades, skills and contact "
                  "details, and your e-mail addresses"),
    columns=(
        Column("email", _("Login e-mail address")),
        Column("first_name", _("First name")),
        Column("last_name", _("Last name")),
        Column("email_addresses", _("E-mail addresses")),
        Column("date_joined", _("Account created on")),
        Column("last_login", _("Last login")),
        Column("status", _("Status")),
        Column("role", _("Role")),
        Column("language", _("Language")),
        Column("photo", _("Photo")),
        Column("organisation", _("Organisation")),
        Column("job_title", _("Job title")),
        Column("actor_kind", _("Kind of actor")),
        Column("perimeter", _("Perimeter")),
        Column("region", _("Region")),
        Column("departement", _("Département")),
        Column("metiers", _("Trades")),
        Column("domains", _("Fragility domains")),
        Column("skills", _("Skills")),
        Column("can_help_with", _("I can help with")),
        Column("looking_for", _("I am looking for")),
        Column("bio", _("About me")),
        Column("links", _("Links")),
        Column("phone", _("Phone")),
        Column("show_email", _("E-mail shown to members")),
        Column("show_phone", _("Phone shown to members")),
        Column("contact_note", _("How best to reach me")),
        Column("public_directory_consent", _("Public directory")),
        Column("onboarded_at", _("Profile completed on")),
        Column("updated_at", _("Profile updated on")),
    ),
))


def shown_ip(ip: str | None) -> str:
    """The address as the member may read it: retention blanks an address to the unspecified
    one (community/services/retention.py ``BLANK_IP``, since allauth's column cannot be
    empty), which means "no address kept", so the export shows nothing rather than 0.0.0.0."""
    if not ip:
        return ""
    try:
        return "" if ipaddress.ip_address(ip).is_unspecified else ip
    except ValueError:
        return ip


def login_rows(member):
    sessions = UserSession.objects.filter(user=member).order_by("-created_at", "-pk")
    for session in sessions.iterator(chunk_size=CHUNK):
        yield {"created_at": session.created_at, "last_seen_at": session.last_seen_at,
               "ip": shown_ip(session.ip), "user_agent": session.user_agent}


register(ExportSection(
    key="connexions", title=_("Login history"), order=90, rows=login_rows,
    description=_("the sessions open on your account: when, from which IP address and browser"),
    columns=(
        Column("created_at", _("Logged in on")),
        Column("last_seen_at", _("Last seen on")),
        Column("ip", _("IP address")),
        Column("user_agent", _("Browser")),
    ),
))


def two_factor_rows(member):
    for authenticator in Authenticator.objects.filter(user=member).order_by("pk"):
        yield {"type": authenticator.get_type_display(), "created_at": authenticator.created_at,
               "last_used_at": authenticator.last_used_at}


register(ExportSection(
    key="double-authentification", title=_("Two-factor authentication"), order=91,
    rows=two_factor_rows,
    description=_("the second factors of your account (their secrets are never exported)"),
    columns=(
        Column("type", _("Kind")),
        Column("created_at", _("Added on")),
        Column("last_used_at", _("Last used on")),
    ),
))


def membership_rows(member):
    application = Application.objects.filter(user=member).first()
    if application is not None:
        yield {"kind": str(_("Application")), "text": application.motivation,
               "status": application.get_status_display(), "created_at": application.created_at,
               "decided_at": application.decided_at,
               "reason": application.rejection_reason}
    invitation = Invitation.objects.filter(accepted_by=member).first()
    if invitation is not None:
        yield {"kind": str(_("Invitation")), "text": invitation.message,
               "status": str(_("Accepted")), "created_at": invitation.created_at,
               "decided_at": invitation.accepted_at, "reason": ""}


register(ExportSection(
    key="adhesion", title=_("Joining the network"), order=95, rows=membership_rows,
    description=_("your application to join, or the invitation you accepted"),
    columns=(
        Column("kind", _("Kind")),
        Column("text", _("Text")),
        Column("status", _("Status")),
        Column("created_at", _("Date")),
        Column("decided_at", _("Decided on")),
        Column("reason", _("Reason")),
    ),
))
