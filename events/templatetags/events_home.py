"""``{% my_next_events %}``: the home page's "Mes prochains événements" block, self-contained
(the home view needs no change)."""

from django import template

from events import selectors

register = template.Library()


@register.inclusion_tag("events/_home_events.html", takes_context=True)
def my_next_events(context):
    user = context["user"]
    return {"events": selectors.my_next_events(user) if user.is_authenticated else []}
