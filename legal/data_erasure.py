"""What legal does when an account closes (privacy/closure/registry.py): the member's charter
acceptances go, since no account is left for them to prove anything about."""

from legal.services import member_charter_acceptances_erase
from privacy.closure.registry import Closure, Eraser, register


def close(closure: Closure) -> None:
    closure.count("legal.charter_acceptances",
                  member_charter_acceptances_erase(member=closure.member))


register(Eraser(name="legal", order=85, close=close))
