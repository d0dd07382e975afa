// The news feed (templates/news/feed.html): what JavaScript adds to a page that works without
// it. "See more" appends the next page of the stream through HTMX; focus then moves to the
// first entry it brought, so that a keyboard or screen reader user continues from there.
(function () {
  "use strict";

  let restore = null;

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const source = event.detail.elt;
    if (!source || !source.matches("[data-news-more]")) return;
    const list = document.getElementById("news-stream");
    const before = list ? list.children.length : 0;
    restore = () => {
      const item = list && list.children[before];
      const entry = item && item.querySelector("[tabindex='-1']");
      if (entry) entry.focus();
    };
  });

  document.body.addEventListener("htmx:afterSettle", () => {
    if (!restore) return;
    const run = restore;
    restore = null;
    run();
  });
})();
