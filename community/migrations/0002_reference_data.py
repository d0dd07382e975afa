"""Load the four trades and the sixteen fragility domains (their labels live in the code)."""

from django.db import migrations

METIERS = [
    "dialogue-territorial", "experimentations-collectives", "accompagnement", "gestion-d-un-lieu",
]
DOMAINS = [
    "emploi", "developpement-economique", "pouvoir-d-achat", "pauvrete", "logement",
    "diversite-handicap", "vieillissement", "lien-social", "education", "sante", "numerique",
    "securite", "mobilite", "culture", "environnement", "transition-energetique",
]


def load(apps, schema_editor):
    Metier = apps.get_model("community", "Metier")
    FragilityDomain = apps.get_model("community", "FragilityDomain")
    for slug in METIERS:
        Metier.objects.get_or_create(slug=slug)
    for slug in DOMAINS:
        FragilityDomain.objects.get_or_create(slug=slug)


def unload(apps, schema_editor):
    apps.get_model("community", "Metier").objects.filter(slug__in=METIERS).delete()
    apps.get_model("community", "FragilityDomain").objects.filter(slug__in=DOMAINS).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
