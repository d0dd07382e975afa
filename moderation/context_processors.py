from moderation import permissions, selectors


def navigation(request) -> dict:
    """The header's moderation badge: open reports and things waiting for a decision, counted
    only for moderators."""
    user = getattr(request, "user", None)
    if user is None or not permissions.can_moderate(user):
        return {}
    return {
        "open_report_count": selectors.open_report_count(),
        "pending_moderation_count": selectors.pending_count(),
    }
