from community import permissions, selectors


def navigation(request) -> dict:
    """What the header needs: the moderator's pending count, computed only for moderators."""
    user = getattr(request, "user", None)
    if user is None or not permissions.can_moderate_members(user):
        return {}
    return {"pending_application_count": selectors.pending_application_count()}
