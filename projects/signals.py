"""Signals other apps listen to, so that projects never reach into their tables.

``project_access_changed(project_id)``: sent after commit when who may see a project's content
changed (its visibility, hidden or restored by the moderators). The documents app reindexes
the project's documents on it; members joining or leaving need no signal, since search
access is read from the memberships at each search (search/access.py).
"""

from django.dispatch import Signal

project_access_changed = Signal()
