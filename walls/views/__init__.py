"""Pages of the walls (*Mur*). Server-rendered first: every action is a plain form or link;
HTMX then updates reactions, comments and the "see more" list in place, and static/js/walls.js
shows the "new messages" bar that the socket feeds."""
