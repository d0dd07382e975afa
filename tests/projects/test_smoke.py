import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["detail", "discussion", "chat", "tasks", "members", "edit"])
def test_tabs_render(as_user, owner, project, name):
    response = as_user(owner).get(reverse(f"projects:{name}", args=[project.pk]))
    assert response.status_code == 200, response.content.decode()[:2000]


def test_list_renders(as_user, owner, project, private_project):
    response = as_user(owner).get(reverse("projects:list"))
    assert response.status_code == 200
    assert "Projet confidentiel" in response.content.decode()
