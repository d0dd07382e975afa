"""The retention policies, written once as data: what is kept, for how long, what happens then.

This list is the one the members read (the privacy policy page asks
``privacy.retention.selectors.retention_policies``), the one docs/privacy.md explains, and the
one ``manage.py apply_retention`` applies: a policy with ``nightly=True`` must have a purge
registered by the app that holds the data (its ``data_retention.py``), or the run fails loudly.
The others are applied elsewhere, when the thing happens (a deleted file, an account closed),
and are listed so that the policy is complete.

They run in the order written: a broader policy first (every old notification), so that a
narrower one (read notifications) does not work on rows about to go. A dry run removes nothing,
so a row that two policies cover (an old, read notification) is counted by both.

The periods follow the CNIL's guidance for a French public-interest network: connection logs 6
to 12 months; nothing kept "just in case". An operator may shorten (or, with a reason of their
own, lengthen) a nightly period without a deploy of code: ``RETENTION_DAYS = {"login-ip": 365}``
in the settings replaces that policy's period by a number of days (docs/privacy.md).
"""

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext


@dataclass(frozen=True)
class Period:
    """A span in calendar months and days: "6 months" means the same day six months ago."""

    months: int = 0
    days: int = 0

    def before(self, moment: datetime) -> datetime:
        """The cut-off: ``moment`` less this period."""
        index = moment.year * 12 + moment.month - 1 - self.months
        year, month = divmod(index, 12)
        day = min(moment.day, calendar.monthrange(year, month + 1)[1])
        return moment.replace(year=year, month=month + 1, day=day) - timedelta(days=self.days)

    def label(self) -> str:
        if self.months and not self.days:
            if self.months % 12 == 0:
                years = self.months // 12
                return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
            return ngettext("%(count)d month", "%(count)d months",
                            self.months) % {"count": self.months}
        if not self.months:
            if self.days == 0:
                return pgettext("retention period", "none")
            return ngettext("%(count)d day", "%(count)d days", self.days) % {"count": self.days}
        return str(_("%(months)s and %(days)s")) % {
            "months": Period(months=self.months).label(), "days": Period(days=self.days).label()}


@dataclass(frozen=True)
class Policy:
    key: str  # stable, lowercase: the name in reports, settings and the registry
    label: Promise  # the kind of data, as a member names it
    data: Promise  # what exactly it covers
    period: Period | None  # None: no fixed period (see ``kept``)
    starts: Promise  # from when the period runs
    then: Promise  # what happens at its end
    reason: Promise  # why this long
    nightly: bool = True  # applied by apply_retention (a purge must be registered)
    # What members read as the duration when the period runs from an expiry the app sets
    # itself (an export's week): the run's cut-off is then the expiry.
    shown_period: Promise | None = None

    def effective_period(self) -> Period | None:
        days = getattr(settings, "RETENTION_DAYS", {}).get(self.key)
        return Period(days=int(days)) if days is not None else self.period

    def cutoff(self, now: datetime) -> datetime:
        """What is older than this goes (``now`` for "at once")."""
        period = self.effective_period()
        if period is None:
            raise ValueError(f"the policy {self.key} has no period to apply")
        return period.before(now)


POLICIES: tuple[Policy, ...] = (
    Policy(
        key="login-history",
        label=_("Login history"),
        data=_("The date, browser and (for six months) IP address of each login."),
        period=Period(months=12), starts=_("from the session's last activity"),
        then=_("Deleted."),
        reason=_("So that you can check who used your account over the past year."),
    ),
    Policy(
        key="login-ip",
        label=_("IP addresses of logins"),
        data=_("The IP address recorded with each login (the login history, the list of "
               "your sessions)."),
        period=Period(months=6), starts=_("from the login"),
        then=_("The address is blanked; the date and browser of the login stay for the rest "
               "of the login history's period."),
        reason=_("Long enough to investigate a misuse of an account; the CNIL recommends "
                 "keeping connection data 6 to 12 months, no longer."),
    ),
    Policy(
        key="sessions",
        label=_("Expired sessions"),
        data=_("What the server keeps of a login session (who is logged in on a browser)."),
        period=Period(), starts=_("from the session's expiry"),
        then=_("Deleted the following night."),
        reason=_("An expired session serves no purpose."),
    ),
    Policy(
        key="notifications",
        label=_("Notifications"),
        data=_("Every notification, read or not."),
        period=Period(months=6), starts=_("from the notification"),
        then=_("Deleted."),
        reason=_("Past six months a notification is no longer news."),
    ),
    Policy(
        key="notifications-read",
        label=_("Read notifications"),
        data=_("Notifications you have read: their text, link and who they came from."),
        period=Period(months=3), starts=_("from the notification"),
        then=_("Deleted."),
        reason=_("A notification points at something that stays on the platform; once read "
                 "it has done its job."),
    ),
    Policy(
        key="rejected-applications",
        label=_("Rejected applications"),
        data=_("A request to join that was declined: the applicant's account, e-mail address, "
               "motivation and the reason given."),
        period=Period(months=6), starts=_("from the decision"),
        then=_("The account and the application are deleted."),
        reason=_("Time enough to answer a question about the decision."),
    ),
    Policy(
        key="unconfirmed-signups",
        label=_("Sign-ups never confirmed"),
        data=_("An account whose e-mail address was never confirmed, with its application."),
        period=Period(days=30), starts=_("from the sign-up"),
        then=_("The account and the application are deleted."),
        reason=_("Without a confirmed address nobody can use the account; a month leaves "
                 "time to find the confirmation e-mail."),
    ),
    Policy(
        key="invitations",
        label=_("Invitations not taken up"),
        data=_("An invitation's e-mail address and personal message, when it was not accepted."),
        period=Period(months=3), starts=_("from its expiry or withdrawal"),
        then=_("Deleted."),
        reason=_("The person invited did not join: nothing of them is needed."),
    ),
    Policy(
        key="reports",
        label=_("Handled reports"),
        data=_("A report to the moderators (who reported what, why, and the excerpt they "
               "saw) once the moderators have decided."),
        period=Period(months=12), starts=_("from the decision"),
        then=_("Deleted; the moderation log keeps the decision."),
        reason=_("Enough to see a pattern of repeated reports, no longer."),
    ),
    Policy(
        key="task-results",
        label=_("Background task records"),
        data=_("The record of each background task (e-mails sent, exports built, index "
               "updates), which may name the member it was for."),
        period=Period(days=30), starts=_("from the task's end"),
        then=_("Deleted."),
        reason=_("Kept a month to diagnose a failure."),
    ),
    Policy(
        key="exports",
        label=_("Data exports"),
        data=_("The archive of your data that you asked for (Mes données)."),
        period=Period(), shown_period=_("7 days"), starts=_("from when it is ready"),
        then=_("The archive is deleted; a new one can be asked for."),
        reason=_("Time enough to download it; it holds all your data."),
    ),
    Policy(
        key="deleted-files",
        label=_("Deleted files"),
        data=_("A document, version, attachment or photo that its author or a moderator "
               "deletes."),
        period=Period(), starts=_("from the deletion"),
        then=_("Removed from storage at once."),
        reason=_("Nothing deleted is kept behind."),
        nightly=False,
    ),
    Policy(
        key="search-updates",
        label=_("Pending search index updates"),
        data=_("The note that an index must follow a change (a profile edited, a post "
               "deleted)."),
        period=None, starts=_("until the search engine has taken the change"),
        then=_("Deleted as soon as the engine has it; never dropped before, so that what you "
               "removed also leaves the search."),
        reason=_("Dropping one could leave deleted content findable."),
        nightly=False,
    ),
    Policy(
        key="moderation-log",
        label=_("Moderation log"),
        data=_("Each moderation action: who decided what, about which content, and why."),
        period=None, starts=_("for the life of the platform"),
        then=_("Kept; a closed account appears there only under a pseudonym."),
        reason=_("Moderation must be accountable, and nobody can edit this log."),
        nightly=False,
    ),
    Policy(
        key="account",
        label=_("Your profile and content"),
        data=_("Your profile, photo, posts, messages, documents, projects and registrations."),
        period=None, starts=_("while your account is open"),
        then=_("When you close your account: anonymised or deleted, as you choose."),
        reason=_("They are what you share with the network."),
        nightly=False,
    ),
)

POLICIES_BY_KEY: dict[str, Policy] = {policy.key: policy for policy in POLICIES}
