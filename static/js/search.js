// Peer search: keep the page in step with the address when HTMX pushes a search into the
// history, or when the back button restores one from it. The search box sits outside the
// swapped results, and the header's language switch carries the address to come back to.
(function () {
  "use strict";
  const currentPath = () => window.location.pathname + window.location.search;
  const syncQuery = () => {
    const input = document.getElementById("id_q");
    if (!input) return;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    if (input.value !== query) input.value = query;
  };
  const syncLanguageNext = () => {
    document.querySelectorAll(".language-form input[name=next]").forEach((input) => {
      input.value = currentPath();
    });
  };
  const syncAll = () => {
    syncQuery();
    syncLanguageNext();
  };
  document.addEventListener("htmx:pushedIntoHistory", syncLanguageNext);
  document.addEventListener("htmx:historyRestore", syncAll);
  window.addEventListener("pageshow", syncAll);
})();
