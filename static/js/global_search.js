// The header's search box (templates/search/_header_box.html): "/" focuses it (unless one is
// typing in a field); as the member types, a listbox shows a few results of each kind with the
// counts (/recherche/suggestions/, an HTML fragment of options grouped by kind), through the
// shared combobox helper (listbox.js): arrows move, Enter opens the highlighted result (or, with
// none, submits to the full results page), Escape closes, a click opens; the live region says
// the counts. Debounced, and a newer keystroke cancels the request in flight. Without
// JavaScript the form submits to /recherche/.
(function () {
  "use strict";

  const DEBOUNCE_MS = 200;
  const MIN_LENGTH = 2;
  const MAX_QUERY_LENGTH = 200;

  const form = document.querySelector("[data-global-search]");
  const input = form ? form.querySelector("input[name=q]") : null;
  if (!input || !window.Listbox) return;
  const url = form.dataset.url;
  const box = window.Listbox.attach(input, {
    id: "site-search-list",
    label: form.dataset.label,
    className: "site-search__list",
    parent: form,
  });

  let timer = null;
  const suggestions = window.Listbox.latest(url, "text/html");

  function cancel() {
    window.clearTimeout(timer);
    suggestions.cancel();
  }

  function close() {
    cancel();
    box.hide();
  }

  function show(html, query) {
    const template = document.createElement("template");
    template.innerHTML = html; // the server's escaped fragment; a template runs nothing
    const root = template.content.firstElementChild;
    if (!root) return;
    box.setOptions(Array.from(root.children));
    box.announce(root.dataset.status || "");
    form.dataset.shown = query;
  }

  function lookUp(query) {
    // null: stale, offline or signed out: Enter still submits the form
    suggestions.ask(query).then((html) => {
      if (html === null || input.value.trim() !== query) return;
      show(html, query);
    });
  }

  function open(option) {
    const href = option && option.dataset.href;
    if (!href) return;
    close();
    window.location.assign(href);
  }

  input.addEventListener("input", () => {
    const query = input.value.trim();
    window.clearTimeout(timer);
    if (query.length < MIN_LENGTH || query.length > MAX_QUERY_LENGTH) {
      close();
      box.announce("");
      return;
    }
    timer = window.setTimeout(() => lookUp(query), DEBOUNCE_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!box.isOpen()) return;
      box.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && box.active()) {
      open(box.active()); // with no highlighted result, Enter submits to the results page
    } else if (event.key === "Escape" && (box.isOpen() || suggestions.pending())) {
      close();
    } else if (event.key === "Escape" && input.value) {
      input.value = ""; // a second Escape empties the field (the APG's combobox)
    } else {
      return;
    }
    event.preventDefault();
  });
  input.addEventListener("blur", () => window.setTimeout(() => {
    if (document.activeElement !== input) box.hide();
  }, 150));
  input.addEventListener("focus", () => {
    const query = input.value.trim();
    if (query.length >= MIN_LENGTH && !box.isOpen()) lookUp(query);
  });

  box.listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus
  box.listbox.addEventListener("click", (event) => open(event.target.closest("[role=option]")));

  // "/" anywhere but in a field (or an editable area) goes to the box.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
      return;
    }
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    event.preventDefault();
    input.focus();
    input.select();
  });
})();
