// A chat room page (templates/chat/room.html), made live over the tab's socket (realtime.js).
//
// The server renders the latest messages and a plain form that posts them; this file adds:
// live messages (same DOM as chat/_message.html, built from <template id="chat-message-template">
// with textContent, the server-sanitised frame.html as the only markup), Enter to send, replies,
// editing and deleting one's own messages (links to report others' messages, or to remove them
// as a moderator), "sending…" until acknowledged, the typing indicator,
// read markers, and the confirmation of destructive buttons.
(function () {
  "use strict";

  const TYPING_SHOWN_MS = 4000;
  const TYPING_EVERY_MS = 3000;
  const EXCERPT_LENGTH = 120;
  const MAX_LENGTH = 4000;

  // Forms that ask before they act (archiving a room): any page of the chat.
  document.addEventListener("submit", (event) => {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  const root = document.querySelector("[data-chat-room]");
  const realtime = window.CatalyseRealtime;
  if (!root || !realtime) return;

  const roomId = Number(root.dataset.chatRoom);
  const userId = Number(root.dataset.user);
  const userName = root.dataset.userName || "";
  const live = root.dataset.live === "true";
  const strings = JSON.parse(document.getElementById("chat-strings").textContent);
  const log = document.getElementById("chat-log");
  const olderList = document.getElementById("older-messages");
  const template = document.getElementById("chat-message-template");
  const composer = root.querySelector("[data-composer]");
  const textarea = composer ? composer.querySelector("textarea[name=body]") : null;
  const replyInput = composer ? composer.querySelector("input[name=reply_to]") : null;
  const replyPreview = composer ? composer.querySelector("[data-reply-preview]") : null;
  const statusRegion = root.querySelector("[data-chat-status]");
  const typingLine = root.querySelector("[data-typing]");
  const help = document.getElementById("composer-help");

  let lastSeq = Number(root.dataset.lastSeq) || 0;
  let readSeq = Number(root.dataset.readSeq) || 0;
  const pendingByClient = new Map(); // client_id -> { element, frame }
  const pendingById = new Map(); // acknowledged id -> element waiting for its message frame
  const sentBodies = new Map(); // message id -> Markdown body, to edit what this tab sent
  const typists = new Map(); // user id -> { name, timer }
  let lastTypingSent = 0;
  let statusTimer = null;

  const messages = window.CatalyseChatMessages.builder({
    root: root, template: template, strings: strings, userId: userId, userName: userName,
  });
  const { build, buildPending, format } = messages;

  // --- Status and typing lines --------------------------------------------------------------
  // tone "ok": good news (the connection is back), shown as a success, not as an error.
  function say(text, clearAfterMs, tone) {
    if (!statusRegion) return;
    window.clearTimeout(statusTimer);
    statusRegion.classList.toggle("chat-status--ok", tone === "ok");
    statusRegion.textContent = text;
    if (clearAfterMs) {
      statusTimer = window.setTimeout(() => {
        statusRegion.textContent = "";
      }, clearAfterMs);
    }
  }

  function showTypists() {
    if (!typingLine) return;
    const names = Array.from(typists.values(), (typist) => typist.name);
    typingLine.textContent = names.length
      ? format(names.length === 1 ? strings.typing_one : strings.typing_many, {
          names: names.join(", "),
        })
      : "";
  }

  function stopTyping(id) {
    const typist = typists.get(id);
    if (!typist) return;
    window.clearTimeout(typist.timer);
    typists.delete(id);
    showTypists();
  }

  function nearBottom() {
    const limit = composer ? composer.getBoundingClientRect().top : window.innerHeight;
    return log.getBoundingClientRect().bottom <= limit + 120;
  }

  // The end of the list just above the composer, which sticks to the bottom of the screen.
  function scrollToEnd() {
    const limit = composer ? composer.getBoundingClientRect().top : window.innerHeight;
    const overflow = log.getBoundingClientRect().bottom - limit + 16;
    if (overflow > 0) window.scrollBy(0, overflow);
  }

  function append(item) {
    const empty = log.querySelector("[data-chat-empty]");
    if (empty) empty.remove();
    const stick = nearBottom();
    // Messages still travelling stay last, below what the server already stored.
    const firstPending = log.querySelector(".chat-message--pending");
    if (firstPending && !item.classList.contains("chat-message--pending")) {
      log.insertBefore(item, firstPending);
    } else {
      log.appendChild(item);
    }
    if (stick) scrollToEnd();
  }

  function findMessage(id) {
    return root.querySelector('.chat-message[data-id="' + Number(id) + '"]');
  }

  // --- Frames from the socket -----------------------------------------------------------------
  realtime.on("message", (frame) => {
    if (frame.room !== roomId) return;
    lastSeq = Math.max(lastSeq, frame.seq);
    if (frame.author) stopTyping(frame.author.id);
    const item = build(frame);
    const waiting = pendingById.get(frame.id);
    if (waiting) {
      pendingById.delete(frame.id);
      waiting.replaceWith(item);
    } else {
      append(item);
    }
    markRead();
  });

  realtime.on("update", (frame) => {
    if (frame.room !== roomId) return;
    const old = findMessage(frame.id);
    if (!old) return;
    const hadFocus = old.contains(document.activeElement);
    const item = build(frame);
    old.replaceWith(item);
    if (hadFocus) {
      const edit = item.querySelector("[data-action=edit]");
      (edit || textarea || log).focus();
    }
  });

  realtime.on("ack", (frame) => {
    const pending = pendingByClient.get(frame.client_id);
    if (!pending) return;
    pendingByClient.delete(frame.client_id);
    sentBodies.set(frame.id, pending.frame.body);
    if (findMessage(frame.id)) {
      pending.element.remove(); // its message frame came first
      return;
    }
    pending.element.querySelector(".chat-message__pending").hidden = true;
    pendingById.set(frame.id, pending.element);
  });

  realtime.on("send-error", (frame) => {
    const pending = pendingByClient.get(frame.ref);
    if (!pending) return;
    const label = pending.element.querySelector(".chat-message__pending");
    label.textContent = strings.not_sent + " ";
    const again = document.createElement("button");
    again.type = "button";
    again.className = "chat-action";
    again.textContent = strings.retry;
    again.addEventListener("click", () => {
      label.textContent = strings.sending;
      realtime.retry(pending.frame);
    });
    label.appendChild(again);
    pending.element.classList.add("chat-message--failed");
  });

  realtime.on("error", (frame) => {
    if (frame.message) say(frame.message);
  });

  realtime.on("typing", (frame) => {
    if (frame.room !== roomId || !frame.user || frame.user.id === userId) return;
    const id = frame.user.id;
    const previous = typists.get(id);
    if (previous) window.clearTimeout(previous.timer);
    typists.set(id, {
      name: frame.user.name,
      timer: window.setTimeout(() => stopTyping(id), TYPING_SHOWN_MS),
    });
    showTypists();
  });

  // Removed from a private room while reading it: the stream has stopped.
  realtime.on("left", (frame) => {
    if (frame.room !== roomId) return;
    say(strings.left);
    if (composer) composer.querySelectorAll("textarea, button").forEach((control) => {
      control.disabled = true;
    });
  });

  realtime.on("disconnected", () => say(strings.offline));
  realtime.on("connected", () => {
    if (statusRegion && statusRegion.textContent === strings.offline) say(strings.online, 4000, "ok");
    markRead();
  });

  // --- Read markers ---------------------------------------------------------------------------
  function markRead() {
    if (!live || document.visibilityState !== "visible" || lastSeq <= readSeq) return;
    if (!nearBottom()) return;
    if (!realtime.sendFrame({ type: "read", room: roomId, seq: lastSeq })) return;
    readSeq = lastSeq;
    realtime.setBadge(document.querySelector('[data-room-unread="' + roomId + '"]'), 0);
    realtime.refreshUnread(1500); // the header's total, once the server has stored it
  }

  let scrollTimer = null;
  window.addEventListener(
    "scroll",
    () => {
      window.clearTimeout(scrollTimer);
      scrollTimer = window.setTimeout(markRead, 200);
    },
    { passive: true }
  );
  document.addEventListener("visibilitychange", markRead);
  window.addEventListener("focus", markRead);

  // --- Composer -------------------------------------------------------------------------------
  function cancelReply() {
    if (!replyInput) return;
    replyInput.value = "";
    replyPreview.hidden = true;
  }

  function startReply(item) {
    if (!replyInput || !item) return;
    replyInput.value = item.dataset.id;
    replyPreview.querySelector("[data-reply-author]").textContent =
      item.querySelector(".chat-message__author").textContent;
    const body = item.querySelector(".chat-message__body");
    const text = body ? body.textContent.trim().replace(/\s+/g, " ") : strings.deleted;
    replyPreview.querySelector("[data-reply-excerpt]").textContent =
      text.length > EXCERPT_LENGTH ? text.slice(0, EXCERPT_LENGTH - 1) + "…" : text;
    replyPreview.hidden = false;
    textarea.focus();
  }

  function submit() {
    const body = textarea.value.trim();
    if (!body) {
      say(strings.empty, 4000);
      textarea.focus();
      return;
    }
    if (body.length > MAX_LENGTH) {
      say(strings.too_long);
      return;
    }
    const replyTo = replyInput && replyInput.value ? Number(replyInput.value) : null;
    const clientId = realtime.send(roomId, body, replyTo);
    const frame = { type: "send", room: roomId, body: body, client_id: clientId };
    if (replyTo) frame.reply_to = replyTo;
    const element = buildPending(frame);
    pendingByClient.set(clientId, { element: element, frame: frame });
    append(element);
    scrollToEnd();
    textarea.value = "";
    cancelReply();
    textarea.focus();
  }

  if (composer && textarea && live) {
    if (help) {
      help.hidden = false;
      textarea.setAttribute(
        "aria-describedby",
        ((textarea.getAttribute("aria-describedby") || "") + " composer-help").trim()
      );
    }
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      submit();
    });
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      } else if (event.key === "Escape" && replyInput && replyInput.value) {
        cancelReply();
      }
    });
    textarea.addEventListener("input", () => {
      const now = Date.now();
      if (textarea.value.trim() && now - lastTypingSent > TYPING_EVERY_MS) {
        lastTypingSent = now;
        realtime.sendFrame({ type: "typing", room: roomId });
      }
    });
    const cancel = composer.querySelector("[data-action=cancel-reply]");
    if (cancel) {
      cancel.addEventListener("click", (event) => {
        event.preventDefault();
        cancelReply();
        textarea.focus();
      });
    }
  }

  // --- Reply, edit, delete on a message -------------------------------------------------------
  function openEditor(item) {
    if (item.querySelector(".chat-edit")) return;
    const body = item.querySelector(".chat-message__body");
    const id = Number(item.dataset.id);
    const editor = document.createElement("form");
    editor.className = "chat-edit";
    const fieldId = "edit-" + id;
    const label = document.createElement("label");
    label.htmlFor = fieldId;
    label.textContent = strings.edit_label;
    const field = document.createElement("textarea");
    field.id = fieldId;
    field.rows = 3;
    field.maxLength = MAX_LENGTH;
    field.required = true;
    field.value = sentBodies.get(id) || item.dataset.body || body.innerText.trim();
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "button button--small";
    save.textContent = strings.save;
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--small button--secondary";
    cancel.textContent = strings.cancel;
    const buttons = document.createElement("p");
    buttons.className = "chat-edit__buttons";
    buttons.append(save, " ", cancel);
    editor.append(label, field, buttons);
    const close = () => {
      editor.remove();
      body.hidden = false;
      const edit = item.querySelector("[data-action=edit]");
      if (edit) edit.focus();
    };
    editor.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = field.value.trim();
      if (!text) {
        say(strings.empty, 4000);
        return;
      }
      if (!realtime.sendFrame({ type: "edit", room: roomId, id: id, body: text })) {
        say(strings.offline);
        return;
      }
      sentBodies.set(id, text);
      close(); // the server's update frame brings the new text
    });
    cancel.addEventListener("click", close);
    field.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        editor.requestSubmit();
      }
    });
    body.hidden = true;
    body.after(editor);
    field.focus();
  }

  function remove(item) {
    if (!window.confirm(strings.confirm_delete)) return;
    if (!realtime.sendFrame({ type: "delete", room: roomId, id: Number(item.dataset.id) })) {
      say(strings.offline);
    }
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button || !root.contains(button)) return;
    const item = button.closest(".chat-message");
    const action = button.dataset.action;
    if (!item) return;
    if (action === "reply" && textarea && live) {
      event.preventDefault();
      startReply(item);
      return;
    }
    // Without a socket, the links lead to the plain pages that do the same.
    if (!realtime.isConnected()) return;
    if (action === "edit") {
      event.preventDefault();
      openEditor(item);
    } else if (action === "delete") {
      event.preventDefault();
      remove(item);
    }
  });

  // "Load older messages" (HTMX): reveal the new buttons, keep the keyboard where it was.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target !== olderList) return;
    const next = document.querySelector("#older-control [data-older]");
    const start = document.querySelector("#older-control p");
    if (next) {
      next.focus();
    } else if (start) {
      start.tabIndex = -1;
      start.focus();
    }
  });

  // --- Start ----------------------------------------------------------------------------------
  // A message opened from the chat search (chat/search_views.py): the keyboard starts on it.
  const found = log.querySelector(".chat-message--found");
  if (found) found.focus();
  if (live) {
    const ids = Array.from(log.querySelectorAll(".chat-message[data-id]"), (item) =>
      Number(item.dataset.id)
    );
    realtime.subscribe(roomId, lastSeq, ids);
    if (!window.location.hash) {
      const firstUnread = document.getElementById("first-unread");
      if (firstUnread) firstUnread.scrollIntoView({ block: "start" });
      else scrollToEnd();
    }
    // The socket may have said hello before this script ran (deferred scripts leave room for
    // other tasks between them): then no "connected" event comes for this page to hear.
    markRead();
    // Replies chosen without JavaScript (?reply=) keep working: the preview is already there.
  }
})();
