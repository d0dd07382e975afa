"""``{% questions_for_you %}``: the home page's "Questions for you" block, self-contained."""

from django import template

from walls import selectors

register = template.Library()


@register.inclusion_tag("walls/_home_questions.html", takes_context=True)
def questions_for_you(context):
    user = context["user"]
    return {"questions": selectors.questions_for(user) if user.is_authenticated else []}
