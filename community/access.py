"""Access levels of views. The platform is private: a view is for approved members unless marked.

- ``open_access``: never gated (health check); allauth's own views and the language switch too,
  since they manage their access themselves and a person must reach them at every stage; and
  the legal pages (legal/), which everyone must be able to read at every stage: an applicant, a
  new member reading the charter before accepting it, a member asked to accept a new version.
- ``public``: anyone may see it; a signed-in person still passes the gate (an applicant goes to
  their status page, a new member to onboarding).
- ``applicants_allowed``: also a signed-in applicant who is not approved yet.
- ``before_onboarding``: a new member who has not completed their profile yet.
"""

from collections.abc import Callable

OPEN = "open"
PUBLIC = "public"
APPLICANT = "applicant"
ONBOARDING = "onboarding"
MEMBER = "member"


def _mark(level: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        view.access_level = level
        return view

    return decorator


open_access = _mark(OPEN)
public = _mark(PUBLIC)
applicants_allowed = _mark(APPLICANT)
before_onboarding = _mark(ONBOARDING)


def access_level(view: Callable) -> str:
    module = getattr(view, "__module__", "") or ""
    if module.startswith(("allauth.", "legal.")) or getattr(view, "__name__", "") == "set_language":
        return OPEN
    return getattr(view, "access_level", MEMBER)
