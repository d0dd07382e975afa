"""What community keeps of accounts, and how long (privacy/retention/policies.py)."""

from community.services import retention
from privacy.retention.registry import register

register("login-ip", retention.login_ips_blank)
register("login-history", retention.login_history_purge)
register("sessions", retention.sessions_purge)
register("rejected-applications", retention.rejected_applicants_purge)
register("unconfirmed-signups", retention.unconfirmed_signups_purge)
register("invitations", retention.invitations_purge)
