"""What legal holds of a member in their export and after their account is closed (issue 14,
items 1 and 2): the charter versions they accepted, and when."""

import pytest

from legal.models import CharterAcceptance
from legal.selectors import current_charter
from privacy.closure.services import account_close
from privacy.export.registry import get

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_accepted_versions(member, other_member):
    section = get("charte")
    rows = list(section.rows(member))
    acceptance = CharterAcceptance.objects.get(user=member)
    assert rows == [{"version": current_charter().number, "accepted_at": acceptance.accepted_at}]
    assert {column.key for column in section.columns} == set(rows[0])


@pytest.mark.parametrize("mode", ["anonymise", "delete"])
def test_closing_the_account_removes_the_acceptances(member, other_member, mode):
    closure = account_close(actor=member, member=member, mode=mode)
    assert not CharterAcceptance.objects.filter(user=member).exists()
    assert CharterAcceptance.objects.filter(user=other_member).exists()
    assert closure.counts["legal.charter_acceptances"] == 1
