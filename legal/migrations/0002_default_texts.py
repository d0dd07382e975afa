"""The default French texts, copied into the database so that admins find every page (and the
charter's version 1, published: members accept it at onboarding, or at their next page for those
who joined before the charter existed)."""

from django.db import migrations
from django.utils import timezone

KINDS = ("mentions-legales", "confidentialite", "accessibilite")


def load(apps, schema_editor) -> None:
    from legal.defaults import CHARTER, default_text

    LegalPage = apps.get_model("legal", "LegalPage")
    CharterVersion = apps.get_model("legal", "CharterVersion")
    for kind in KINDS:
        LegalPage.objects.get_or_create(kind=kind, defaults={"body": default_text(kind)})
    if not CharterVersion.objects.exists():
        CharterVersion.objects.create(
            number=1, body=default_text(CHARTER), published_at=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
