"""``{% my_projects %}``: the home page's "Mes projets" block, self-contained (the home view
needs no change)."""

from django import template

from projects import selectors

register = template.Library()


@register.inclusion_tag("projects/_home_projects.html", takes_context=True)
def my_projects(context):
    user = context["user"]
    found = selectors.my_projects(user) if user.is_authenticated else {}
    return {"mine": found}
