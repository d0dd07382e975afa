"""Who may report and who may moderate. Views, services and templates ask here."""


def can_moderate(user) -> bool:
    """Moderators and admins: the report queue, the audit log, moderation actions."""
    return bool(getattr(user, "is_moderator", False))


def can_report(user) -> bool:
    """Any approved member may report what they see."""
    return bool(getattr(user, "is_member", False))


def can_warn_author(user, author) -> bool:
    """A moderator may warn the author of content, an active member, unless it is themselves."""
    return bool(
        can_moderate(user) and author is not None and getattr(author, "is_member", False)
        and author.pk != user.pk
    )
