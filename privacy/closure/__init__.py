"""Leaving the network: a member closes their account, or a moderator closes it with a reason.

Each app says in its ``data_erasure.py`` how it lets go of a member (``registry.register``);
``services.account_close`` runs them in order inside one transaction. See docs/privacy.md.
"""
