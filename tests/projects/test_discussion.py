"""The Discussion tab: a wall of the project's own, read and written as the project allows,
never listed with the network's walls."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from walls import selectors as wall_selectors
from walls import services as wall_services
from walls.models import Post

pytestmark = pytest.mark.django_db


def discussion(project):
    return reverse("projects:discussion", args=[project.pk])


def post_url(project):
    return reverse("walls:post_create", args=[project.wall.slug])


def test_project_members_write_and_every_member_reads(as_user, member, contributor, project):
    response = as_user(contributor).post(post_url(project), {"body": "Point **jeudi**"})
    assert response.status_code == 302
    assert response["Location"].startswith(discussion(project))
    post = Post.objects.get()
    html = as_user(member).get(discussion(project)).content.decode()
    assert "Point <strong>jeudi</strong>" in html
    assert 'id="composer"' not in html  # readers of an open project do not write
    assert as_user(member).post(post_url(project), {"body": "Moi aussi"}).status_code == 403
    assert as_user(member).get(post.get_absolute_url()).status_code == 200
    # Comments follow the same rule.
    comment = reverse("walls:comment_create", args=[post.pk])
    assert as_user(member).post(comment, {"body": "Bravo"}).status_code == 403
    assert as_user(contributor).post(comment, {"body": "Merci"}).status_code == 302


def test_an_empty_post_is_rerendered_in_the_project(as_user, contributor, project):
    response = as_user(contributor).post(post_url(project), {"body": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Veuillez corriger les erreurs ci-dessous." in html
    assert 'class="project-tabs"' in html and not Post.objects.exists()


def test_a_private_discussion_is_404_outside(as_user, member, moderator, contributor,
                                             private_project):
    post = wall_services.post_create(actor=contributor, wall=private_project.wall,
                                     body="Montage confidentiel")
    for outsider in (member, moderator):
        client = as_user(outsider)
        assert client.get(discussion(private_project)).status_code == 404
        assert client.get(post.get_absolute_url()).status_code == 404
        assert client.get(reverse("walls:wall", args=[private_project.wall.slug])
                          ).status_code == 404
        assert client.post(post_url(private_project), {"body": "Intrus"}).status_code == 404
        assert client.get(reverse("walls:activity", args=[private_project.wall.slug])
                          ).status_code == 404


def test_mentions_outside_a_private_project_notify_nobody(member, contributor, owner,
                                                          private_project):
    wall_services.post_create(actor=contributor, wall=private_project.wall,
                              body=f"@{member.display_name} et @{owner.display_name}")
    assert not Notification.objects.filter(recipient=member).exists()
    assert Notification.objects.filter(recipient=owner, kind="mention").exists()


def test_project_walls_stay_out_of_the_walls_lists(as_user, member, project):
    assert project.wall not in wall_selectors.walls_for_sidebar()
    assert project.wall.pk not in {w.pk for w in wall_selectors.walls_overview()}
    html = as_user(member).get(reverse("walls:index")).content.decode()
    assert project.title not in html
    # Its address on the walls side leads to the project's tab.
    response = as_user(member).get(reverse("walls:wall", args=[project.wall.slug]))
    assert response.status_code == 302 and response["Location"] == discussion(project)


def test_a_moderator_hides_a_post_of_an_open_project(as_user, moderator, contributor, project):
    post = wall_services.post_create(actor=contributor, wall=project.wall, body="Pub")
    client = as_user(moderator)
    assert "Modérer…" in client.get(discussion(project)).content.decode()  # on demand:
    controls = client.get(f"{post.get_absolute_url()}?partie=moderation", HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL=f"http://testserver{discussion(project)}")
    assert "Masquer…" in controls.content.decode()
    assert f"?next={discussion(project)}" in controls.content.decode()


def test_a_project_member_attaches_a_file_to_a_post(as_user, contributor, project, settings,
                                                    tmp_path):
    from tests.documents import samples

    settings.MEDIA_ROOT = tmp_path
    html = as_user(contributor).get(discussion(project)).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    picture = samples.upload("chantier.png", samples.image_bytes(), "image/png")
    response = as_user(contributor).post(post_url(project),
                                         {"body": "Le chantier", "files": [picture]})
    assert response.status_code == 302
    attachment = Post.objects.get().attachments.get()
    assert attachment.display_name == "chantier.png"
    html = as_user(contributor).get(discussion(project)).content.decode()
    assert reverse("walls:attachment_thumbnail", args=[attachment.pk]) in html
