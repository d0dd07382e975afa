"""The projects' pages, by concern: the list and creation (listing.py), a project's
presentation and settings (pages.py), its Discussion and Chat tabs (discussion.py), its
members (membership.py) and its tasks (work.py). Every tab extends
templates/projects/project_base.html with ``project_context``."""
