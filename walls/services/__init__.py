"""Every write of the walls: walls, posts, comments, reactions, pins and reports.

Posts and comments are stored, then announced once the transaction has committed to the wall's
channel-layer group (``wall.<id>``, DESIGN.md §5) as a small ``wall`` frame: open tabs show a
"new messages" bar (static/js/walls.js). Hiding and restoring go through
``moderation.services.decide`` (walls/moderated.py says what the queue may do).

Search: every write that changes what the posts index holds (walls/search_indexes.py) schedules
the post in the same transaction (search/sync.py); the index follows once it has committed.

Notifications: @mentions, a comment on one's post, a reply to one's comment; never to oneself,
and each person at most once per post or comment, with the most specific kind (a reply before a
mention before a comment). Editing notifies only the people newly mentioned.
"""

from walls.services.comments import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_report,
)
from walls.services.common import (
    EXCERPT_LENGTH,
    MAX_NOTIFIED_MEMBERS,
    clean_body,
    comment_key,
    post_key,
    reindex_post,
    reindex_wall_posts,
)
from walls.services.posts import (
    post_create,
    post_delete,
    post_edit,
    post_pin,
    post_report,
    post_unpin,
    reaction_toggle,
)
from walls.services.questions import (
    answer_accept,
    clean_skills,
    question_create,
    question_notify_members,
)
from walls.services.wall import (
    RESERVED_SLUGS,
    project_wall_create,
    project_wall_rename,
    wall_archive,
    wall_create,
)

__all__ = [
    "EXCERPT_LENGTH",
    "MAX_NOTIFIED_MEMBERS",
    "RESERVED_SLUGS",
    "answer_accept",
    "clean_body",
    "clean_skills",
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_key",
    "comment_report",
    "post_create",
    "post_delete",
    "post_edit",
    "post_key",
    "post_pin",
    "post_report",
    "post_unpin",
    "project_wall_create",
    "project_wall_rename",
    "question_create",
    "question_notify_members",
    "reaction_toggle",
    "reindex_post",
    "reindex_wall_posts",
    "wall_archive",
    "wall_create",
]
