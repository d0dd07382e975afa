from moderation import permissions, selectors


def navigation(request) -> dict:
    """The header's moderation badge: open reports and things waiting for a decision, counted
    only for moderators."""
    user = getattr(request, "user", None)
    if user is None or not permissions.can_moderate(user):
        return {}
    counts = selectors.queue_counts(request)  # one query, shared with the queue's page
    return {
        "open_report_count": counts.open_reports,
        "pending_moderation_count": counts.pending,
    }
