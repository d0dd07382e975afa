from django import template

from privacy import permissions

register = template.Library()


@register.inclusion_tag("privacy/_export_for_member_link.html", takes_context=True)
def export_for_member_link(context, member) -> dict:
    """The moderators' way to the export of a member's data, on the member's page; nothing for
    anyone else (privacy/permissions.py decides)."""
    user = context.get("user")
    return {"member": member, "show": permissions.can_request_export_for(user, member)}
