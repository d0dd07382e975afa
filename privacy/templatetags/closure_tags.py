from django import template

from privacy.closure import permissions

register = template.Library()


@register.inclusion_tag("privacy/_close_account_link.html", takes_context=True)
def close_account_link(context, member) -> dict:
    """The moderators' way to close a member's account, on the member's page; nothing for
    anyone else, nor for one's own page (privacy/closure/permissions.py decides)."""
    user = context.get("user")
    show = (user is not None and not permissions.is_self(user, member)
            and permissions.can_close_account(user, member))
    return {"member": member, "show": show}
