// Peer search: keep the search box in step with the address when the back button restores
// a page from HTMX's history (the box sits outside the swapped results).
(function () {
  "use strict";
  const syncQuery = () => {
    const input = document.getElementById("id_q");
    if (!input) return;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    if (input.value !== query) input.value = query;
  };
  document.addEventListener("htmx:historyRestore", syncQuery);
  window.addEventListener("pageshow", syncQuery);
})();
