import pytest
from django.urls import reverse

from search.indexing import rebuild

pytestmark = pytest.mark.django_db


def test_member_sees_directory(as_user, member, other_member):
    rebuild("members")
    response = as_user(member).get(reverse("community:directory"))
    assert response.status_code == 200
    assert "Odile Autre" in response.content.decode()


def test_applicant_is_sent_to_status(as_user, applicant):
    response = as_user(applicant).get(reverse("community:directory"))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:application_status")
    page = as_user(applicant).get(reverse("community:application_status"))
    assert "En attente" in page.content.decode() or "Pending" in page.content.decode()
