"""Access levels of views. The platform is private: a view is for approved members unless marked.

- ``public``: anyone, logged in or not (landing page, invitation link, health check).
- ``applicants_allowed``: also a logged-in applicant who is not approved yet.
- ``before_onboarding``: a new member who has not completed their profile yet.
allauth's own views manage their access themselves and are always reachable.
"""

from collections.abc import Callable

PUBLIC = "public"
APPLICANT = "applicant"
ONBOARDING = "onboarding"
MEMBER = "member"


def _mark(level: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        view.access_level = level
        return view

    return decorator


public = _mark(PUBLIC)
applicants_allowed = _mark(APPLICANT)
before_onboarding = _mark(ONBOARDING)


def access_level(view: Callable) -> str:
    module = getattr(view, "__module__", "") or ""
    if module.startswith("allauth.") or getattr(view, "__name__", "") == "set_language":
        return PUBLIC
    return getattr(view, "access_level", MEMBER)
