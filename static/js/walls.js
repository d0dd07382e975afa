// The walls (templates/walls/wall.html, post_detail.html): what JavaScript adds to pages that
// work without it.
// - Live: the tab follows the wall over its socket (realtime.js; {"type": "follow", "topic":
//   "wall"}, chat/topics.py); once "following", it asks /mur/<wall>/nouveautes/ what others
//   published since the newest ids the page includes (so a reconnect loses nothing), then
//   each "wall" frame (a new post or comment) counts into a "N new messages" status with a
//   button that reloads the list (or, on a post's page, its comments) through HTMX. Frames:
//   docs/realtime.md, "wall". A server that cannot follow walls answers with an error frame,
//   which is ignored: nothing shows.
// - Focus stays where the reader is when HTMX replaces a part of the page: on the reaction
//   button they pressed, on their new comment (or the field in error), on the first post
//   "See more" brought, on the list the bar reloaded.
// - Buttons of forms with data-confirm ask first (archiving a wall).
(function () {
  "use strict";

  const root = document.querySelector("[data-wall]");
  const stringsElement = document.getElementById("walls-strings");
  if (!root || !stringsElement) return;

  const strings = JSON.parse(stringsElement.textContent);
  const wallId = Number(root.dataset.wall);
  const postId = root.dataset.wallPost ? Number(root.dataset.wallPost) : null;
  const userId = Number(root.dataset.user);
  const plurals = new Intl.PluralRules(document.documentElement.lang || "fr");
  const format = (text, values) =>
    text.replace(/%\((\w+)\)[sd]/g, (whole, key) => (key in values ? String(values[key]) : whole));

  // --- Confirmations ---------------------------------------------------------------------------
  document.addEventListener("submit", (event) => {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // --- "Reply" under a comment, "Comment" under a post on the wall ------------------------------
  // A link to the post's page with that form open (?repondre=<comment>) or at its comment form
  // (#p-<post>-comment): the wall does not carry a form per comment, nor per post. With HTMX,
  // the form is fetched (the post's comments only) and swapped in place of the link, and its
  // field gets the focus.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-wall-reply]");
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const url = new URL(link.href);
    url.searchParams.set("partie", "commentaires");
    window.htmx.ajax("GET", url.pathname + url.search, {
      target: link.closest(".wall-comments__add") || link,
      swap: "outerHTML",
      select: url.hash + "-box",
    }).then(() => {
      const field = document.getElementById(url.hash.slice(1));
      if (field && document.activeElement !== field) field.focus();
    });
  });

  // --- "Moderate…" under a post on the wall ---------------------------------------------------
  // A link to the post's page, where a moderator's controls for the post and its comments all
  // are: the wall does not carry them on every post. With HTMX, they are fetched
  // (?partie=moderation, walls/_moderation.html) and swapped in place of the link, and the first
  // of them gets the focus.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-wall-moderate]");
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const url = new URL(link.href);
    url.searchParams.set("partie", "moderation");
    const item = link.parentElement;
    window.htmx.ajax("GET", url.pathname + url.search, { target: link, swap: "outerHTML" })
      .then(() => {
        const first = item.querySelector(".wall-moderation a, .wall-moderation button");
        if (first) first.focus();
      });
  });

  // --- The "new messages" bar ----------------------------------------------------------------
  const bar = root.querySelector("[data-wall-live]");
  const text = bar ? bar.querySelector("[data-wall-live-text]") : null;
  const button = bar ? bar.querySelector("[data-wall-live-load]") : null;
  let pending = 0;

  function showPending() {
    if (!text || !button) return;
    if (pending <= 0) {
      text.textContent = "";
      button.hidden = true;
      return;
    }
    const form = plurals.select(pending) === "one" ? strings.new_one : strings.new_other;
    text.textContent = format(form, { count: pending });
    button.hidden = false;
  }

  const isCount = (value) => Number.isInteger(value) && value >= 0 && value < 100000;
  const isId = (value) => Number.isInteger(value) && value > 0;

  // What the page shows: everything up to these ids (rendered into the page, then moved on
  // when the bar reloads the list). What the socket reported: up to `seen`.
  const shown = {
    post: Number(root.dataset.afterPost) || 0,
    comment: Number(root.dataset.afterComment) || 0,
  };
  const seen = { post: shown.post, comment: shown.comment };

  // Live frames that arrive while the count below is on its way: added to it if newer.
  let inFlight = null;

  function counted(frame) {
    let count = frame.posts + frame.comments;
    if (postId !== null) count = frame.post === postId ? frame.comments : 0;
    return count;
  }

  // What others published since the page's marks, asked each time the socket follows the
  // wall (at load and after every reconnect): absolute, so nothing is lost while offline and
  // nothing is counted twice.
  function catchUp() {
    const url = root.dataset.activityUrl;
    if (!url || !window.fetch || inFlight) return;
    const query = new URLSearchParams({ billet: shown.post, commentaire: shown.comment });
    if (postId !== null) query.set("post", postId);
    inFlight = [];
    window
      .fetch(url + "?" + query, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "error", // signed out: a redirect to the login page, not counts
      })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        const during = inFlight || [];
        inFlight = null;
        if (!data || data.wall !== wallId || !isCount(data.posts) || !isCount(data.comments)) {
          return;
        }
        const lastPost = isId(data.last_post) ? data.last_post : 0;
        const lastComment = isId(data.last_comment) ? data.last_comment : 0;
        const newer = during.filter((f) =>
          isId(f.comment) ? f.comment > lastComment : f.post > lastPost);
        pending = data.posts + data.comments + newer.reduce((sum, f) => sum + counted(f), 0);
        seen.post = Math.max(seen.post, lastPost);
        seen.comment = Math.max(seen.comment, lastComment);
        showPending();
      })
      .catch(() => {
        inFlight = null; // offline again: the next reconnect asks again
      });
  }

  // One new post or comment, live ({"type": "wall"}, walls/services.py).
  function receive(frame) {
    if (!frame || frame.wall !== wallId || !isCount(frame.posts) || !isCount(frame.comments)) {
      return; // another wall, or a frame this page does not understand
    }
    if (frame.author === userId) return; // one's own message is already on one's page
    if (isId(frame.comment)) {
      if (frame.comment <= seen.comment) return; // counted already
      seen.comment = frame.comment;
    } else if (isId(frame.post)) {
      if (frame.post <= seen.post) return;
      seen.post = frame.post;
    }
    if (inFlight) inFlight.push(frame);
    const count = counted(frame);
    if (count === 0) return;
    pending += count;
    showPending();
  }

  const realtime = window.CatalyseRealtime;
  if (realtime && isId(wallId)) {
    const follow = () => realtime.sendFrame({ type: "follow", topic: "wall", id: wallId });
    realtime.on("connected", follow); // again after every reconnect: a new socket follows nothing
    realtime.on("following", (frame) => {
      if (frame && frame.topic === "wall" && frame.id === wallId) catchUp();
    });
    realtime.on("wall", receive);
    // A server that cannot follow walls answers with an "error" frame, which nothing here
    // listens to: the page simply stays without its bar.
    if (realtime.isConnected()) follow();
  }

  if (button) {
    button.addEventListener("click", () => {
      if (!window.htmx) window.location.reload(); // HTMX missing: the whole page, then
    });
  }

  // --- Focus across HTMX swaps ------------------------------------------------------------------
  let restore = null; // what to focus once the swap has settled

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const source = event.detail.elt;
    if (!source || !root.contains(source)) return;
    restore = null;
    if (source.matches("[data-wall-reactions]")) {
      const pressed = document.activeElement;
      const kind = pressed && pressed.name === "kind" ? pressed.value : null;
      const boxId = source.closest("[id$='-reactions']").id;
      restore = () => {
        const box = document.getElementById(boxId);
        const target = box && kind && box.querySelector('button[value="' + CSS.escape(kind) + '"]');
        if (target) target.focus();
      };
    } else if (source.matches("[data-wall-comment-form]")) {
      const section = source.closest(".wall-comments");
      const known = new Set(Array.from(section.querySelectorAll(".wall-comment"), (c) => c.id));
      const sectionId = section.id;
      restore = () => {
        const fresh = document.getElementById(sectionId);
        if (!fresh) return;
        const invalid = fresh.querySelector("textarea[aria-invalid='true']");
        if (invalid) {
          invalid.focus();
          return;
        }
        const added = Array.from(fresh.querySelectorAll(".wall-comment")).filter(
          (c) => !known.has(c.id),
        );
        if (added.length) added[added.length - 1].focus();
      };
    } else if (source.matches("[data-wall-more]")) {
      const list = document.getElementById("wall-posts");
      const before = list ? list.children.length : 0;
      restore = () => {
        const item = list && list.children[before];
        const post = item && item.querySelector(".wall-post");
        if (post) post.focus();
      };
    } else if (source === button) {
      restore = () => {
        pending = 0;
        shown.post = seen.post; // the reloaded list includes all of it
        shown.comment = seen.comment;
        showPending();
        const target = document.querySelector(button.getAttribute("hx-target"));
        if (target) {
          if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
          target.focus();
        }
      };
    }
  });

  document.body.addEventListener("htmx:afterSettle", () => {
    if (!restore) return;
    const run = restore;
    restore = null;
    run();
  });
})();
