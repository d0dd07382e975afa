// A listbox of suggestions under a text field (the ARIA 1.2 combobox pattern, list
// autocomplete): the field keeps the focus and points at the highlighted option with
// aria-activedescendant; up and down arrows move (wrapping), Home and End are left to the field.
// Used by the header's search box (global_search.js) and the invitation picker
// (member_picker.js). ``Listbox.attach(input, {id, label, className, parent})`` builds the
// listbox and a polite live region after the field and returns what the callers drive:
//   setOptions(elements)  show these option elements (role=option each gets an id if missing)
//   move(delta)           highlight the next (+1) or previous (-1) option
//   active()              the highlighted option, or null
//   hide()                close the list (aria-expanded=false)
//   isOpen()              whether options are shown
//   announce(text)        say it through the live region
// ``Listbox.latest(url, accept)`` asks ``url?q=…`` for suggestions, answering only the newest
// question: ``ask(query)`` aborts the one before and resolves to the body (text, or JSON when
// ``accept`` is application/json), or to null when stale, refused, offline or aborted;
// ``cancel()`` aborts; ``pending()`` says whether a question is under way.
(function () {
  "use strict";

  function attach(input, settings) {
    const options = settings || {};
    const listbox = document.createElement(options.tag || "div");
    listbox.id = options.id || input.id + "-listbox";
    listbox.className = options.className || "";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", options.label || "");
    listbox.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    (options.parent || input.parentNode).append(listbox, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    let items = [];
    let current = -1;

    function select(index) {
      current = index;
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      if (index === -1) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function hide() {
      items = [];
      current = -1;
      listbox.hidden = true;
      listbox.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function setOptions(nodes) {
      hide();
      listbox.append(...nodes);
      items = Array.from(listbox.querySelectorAll("[role=option]"));
      items.forEach((item, index) => {
        if (!item.id) item.id = listbox.id + "-" + index;
        item.setAttribute("aria-selected", "false");
      });
      if (!items.length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    return {
      listbox,
      status,
      setOptions,
      hide,
      isOpen: () => !listbox.hidden && items.length > 0,
      options: () => items,
      active: () => (current === -1 ? null : items[current]),
      move(delta) {
        if (!items.length) return;
        const start = current === -1 ? (delta > 0 ? -1 : items.length) : current;
        select((start + delta + items.length) % items.length);
      },
      announce(text) {
        status.textContent = text || "";
      },
    };
  }

  function latest(url, accept) {
    let request = null;
    function cancel() {
      if (request) request.abort();
      request = null;
    }
    function ask(query) {
      cancel();
      const controller = new AbortController();
      request = controller;
      const current = () => request === controller;
      return window
        .fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: accept },
          redirect: "error",
          signal: controller.signal,
        })
        .then((response) => {
          if (!response.ok) return null;
          return accept === "application/json" ? response.json() : response.text();
        })
        .catch(() => null)
        .then((body) => {
          if (!current()) return null;
          request = null;
          return body;
        });
    }
    return { ask, cancel, pending: () => request !== null };
  }

  window.Listbox = { attach, latest };
})();
