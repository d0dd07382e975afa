"""The network's wall: exactly one, there from the start (walls.models.Wall.Kind.GROUP)."""

from django.db import migrations

GROUP_WALL = {
    "kind": "group",
    "slug": "reseau",
    "name": "Mur du réseau",
    "description": "Le mur commun à tout le réseau : nouvelles, questions, ressources et "
                   "idées à partager avec toutes et tous.",
}


def create_group_wall(apps, schema_editor):
    Wall = apps.get_model("walls", "Wall")
    if not Wall.objects.filter(kind="group").exists():
        Wall.objects.create(**GROUP_WALL)


def remove_group_wall(apps, schema_editor):
    apps.get_model("walls", "Wall").objects.filter(kind="group", slug="reseau").delete()


class Migration(migrations.Migration):
    dependencies = [("walls", "0001_initial")]

    operations = [migrations.RunPython(create_group_wall, remove_group_wall)]
