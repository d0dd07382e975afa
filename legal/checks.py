"""``manage.py check --deploy`` warns while a legal page still holds a field to complete
(``[À compléter : ...]``): the mentions légales are required by law (LCEN, art. 6) and a
placeholder left there is a page that says nothing."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from legal.rendering import placeholders


@register(Tags.compatibility, deploy=True)
def check_legal_pages_completed(app_configs=None, **kwargs) -> list[Warning]:
    from legal.models import PageKind
    from legal.selectors import legal_page

    warnings = []
    try:
        pages = [legal_page(kind) for kind in PageKind.values]
    except DatabaseError:  # no database yet (an image being built): nothing to say
        return []
    for page in pages:
        missing = placeholders(page.body)
        if missing:
            warnings.append(Warning(
                f"The page '{page.kind}' still has {len(missing)} field(s) to complete, "
                f"e.g. {missing[0]}",
                hint="Edit it in the admin (Legal pages) before opening the platform.",
                obj=f"legal.{page.kind}",
                id="legal.W001",
            ))
    return warnings
