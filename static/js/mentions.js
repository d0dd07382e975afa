// @mentions in a chat room (templates/chat/room.html), next to chat.js and without touching it:
// - the reader's own mentions are marked (class "mention--me") in the messages, live ones too;
// - typing "@" and letters in the composer suggests members of the room (at most 8, accents and
//   case ignored, from /chat/<room>/membres.json) in a listbox: up and down arrows move,
//   Enter or Tab inserts "@Full Name ", Escape closes. The server resolves the mentions again
//   when the message is stored (chat/mentions.py): the list only helps to write the names.
(function () {
  "use strict";

  const DEBOUNCE_MS = 150;
  const MAX_QUERY_LENGTH = 60;

  const script = document.currentScript;
  const root = document.querySelector("[data-chat-room]");
  if (!root || !script) return;

  const format = (text, values) =>
    text.replace(/%\((\w+)\)[sd]/g, (whole, key) => (key in values ? String(values[key]) : whole));

  // --- The reader's mentions ------------------------------------------------------------------
  const mine = 'a.mention[data-mention="' + Number(root.dataset.user) + '"]';
  function markMine(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(mine)) node.classList.add("mention--me");
    node.querySelectorAll(mine).forEach((link) => link.classList.add("mention--me"));
  }
  markMine(root);
  new MutationObserver((records) => {
    records.forEach((record) => record.addedNodes.forEach(markMine));
  }).observe(root, { childList: true, subtree: true });

  // --- Suggestions in the composer ------------------------------------------------------------
  const composer = root.querySelector("[data-composer]");
  const textarea = composer ? composer.querySelector("textarea[name=body]") : null;
  const url = script.dataset.membersUrl;
  if (!textarea || !url) return;

  const listbox = document.createElement("ul");
  listbox.id = "mention-suggestions";
  listbox.className = "mention-suggestions";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", script.dataset.label || "");
  listbox.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  composer.prepend(listbox, status);
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", listbox.id);

  let options = [];
  let active = -1;
  let timer = null;
  let request = null;
  let inserted = -1; // where the last chosen mention starts: no suggestions for it again
  let fruitless = null; // { start, query } that matched nobody: longer ones will not either

  // The "@name" being typed right before the caret, or null.
  function currentToken() {
    const caret = textarea.selectionStart;
    if (caret !== textarea.selectionEnd) return null;
    const before = textarea.value.slice(0, caret);
    const at = before.lastIndexOf("@");
    if (at === -1 || at === inserted) return null;
    if (at > 0 && /[\p{L}\p{N}_-]/u.test(before[at - 1])) return null; // an email address
    const query = before.slice(at + 1);
    if (!query || query.length > MAX_QUERY_LENGTH) return null;
    if (/^\s|\s$|\s\s|[\n@]/.test(query) || query.split(" ").length > 4) return null;
    return { start: at, end: caret, query: query };
  }

  function hide() {
    options = [];
    active = -1;
    listbox.hidden = true;
    listbox.replaceChildren();
    textarea.removeAttribute("aria-activedescendant");
    status.textContent = "";
  }

  function close() {
    window.clearTimeout(timer);
    if (request) request.abort();
    request = null;
    hide();
  }

  function select(index) {
    active = index;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    textarea.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function show(members) {
    hide();
    if (!members.length) return;
    options = members.map((member, index) => {
      const option = document.createElement("li");
      option.id = "mention-option-" + index;
      option.className = "mention-suggestions__option";
      option.setAttribute("role", "option");
      option.textContent = member.name; // text only: names are people's input
      option.dataset.name = member.name;
      return option;
    });
    listbox.append(...options);
    listbox.hidden = false;
    select(0);
    status.textContent = format(script.dataset.status || "", { count: options.length });
  }

  function choose(index) {
    const token = currentToken();
    const option = options[index];
    close();
    if (!token || !option) return;
    textarea.setRangeText("@" + option.dataset.name + " ", token.start, token.end, "end");
    inserted = token.start;
    textarea.focus();
  }

  function lookUp(token) {
    if (request) request.abort();
    const controller = new AbortController();
    request = controller;
    window
      .fetch(url + "?q=" + encodeURIComponent(token.query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "error",
        signal: controller.signal,
      })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (request !== controller) return;
        request = null;
        const now = currentToken();
        if (!data || !now || now.start !== token.start) return;
        if (!data.members.length) fruitless = { start: token.start, query: token.query };
        show(data.members);
      })
      .catch(() => {
        /* aborted, offline or signed out: no suggestions, the message can still be written */
      });
  }

  function update() {
    if (inserted !== -1 && textarea.value[inserted] !== "@") inserted = -1;
    const token = currentToken();
    if (!token) {
      close();
      return;
    }
    if (fruitless && fruitless.start === token.start && token.query.startsWith(fruitless.query)) {
      close();
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(() => lookUp(token), DEBOUNCE_MS);
  }

  textarea.addEventListener("input", update);
  textarea.addEventListener("click", update);
  textarea.addEventListener("keyup", (event) => {
    if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) update();
  });
  textarea.addEventListener("blur", close);
  composer.addEventListener("submit", close);

  // Captured on the form, so that chat.js (Enter sends, Escape cancels a reply) does not see
  // the keys that work the open list.
  composer.addEventListener(
    "keydown",
    (event) => {
      if (event.target !== textarea || listbox.hidden || !options.length || event.isComposing) {
        return;
      }
      const count = options.length;
      if (event.key === "ArrowDown") select((active + 1) % count);
      else if (event.key === "ArrowUp") select((active - 1 + count) % count);
      else if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) choose(active);
      else if (event.key === "Escape") close();
      else return;
      event.preventDefault();
      event.stopPropagation();
    },
    true
  );

  listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
  listbox.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) choose(options.indexOf(option));
  });
})();
