"""The ``typeset`` template filter: French elisions and no-break spaces (config/typography.py)
on a sentence a template composes with names. A builtin (config/settings.py ``TEMPLATES``):
``{{ title|typeset }}``, or around a translation with names in it::

    {% filter typeset %}{% blocktranslate %}Message of {{ name }}{% endblocktranslate %}
    {% endfilter %}
"""

from django import template

from config.typography import typeset as _typeset

register = template.Library()


@register.filter(is_safe=True)
def typeset(value):
    """Safe in, safe out: only spaces and an apostrophe are added, never markup."""
    return _typeset(value)
