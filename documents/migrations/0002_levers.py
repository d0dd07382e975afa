"""Load the seven levers (their labels live in the code: documents.taxonomy.Lever)."""

from django.db import migrations

LEVERS = [
    "qualifier-son-innovation", "comprendre-son-ecosysteme", "definir-sa-strategie",
    "transformer-son-modele", "apprendre-a-faire-alliance", "accelerer-grace-au-numerique",
    "evaluer-sa-pertinence",
]


def load(apps, schema_editor):
    Lever = apps.get_model("documents", "Lever")
    for slug in LEVERS:
        Lever.objects.get_or_create(slug=slug)


def unload(apps, schema_editor):
    apps.get_model("documents", "Lever").objects.filter(slug__in=LEVERS).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
