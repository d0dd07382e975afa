// Chat messages as DOM (templates/chat/_message.html), from the socket's "message" frames, for
// chat.js: CatalyseChatMessages.builder(page) returns { build, buildPending, formatTime, format }.
// Text goes in with textContent; the only markup is frame.html, sanitised by the server (nh3).
(function () {
  "use strict";

  // page: { root, template, strings, userId, userName }
  function builder(page) {
    const { root, template, strings, userId, userName } = page;
    const format = (text, values) =>
      text.replace(/%\((\w+)\)[sd]/g, (whole, key) => (key in values ? String(values[key]) : whole));

    // "j F H:i" like the server: 3 mars 14:05.
    const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || "fr", {
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: root.dataset.timeZone || undefined,
    });
    function formatTime(iso) {
      const parts = {};
      timeFormat.formatToParts(new Date(iso)).forEach((part) => {
        parts[part.type] = part.value;
      });
      return parts.day + " " + parts.month + " " + parts.hour + ":" + parts.minute;
    }

    function build(frame) {
      const item = template.content.firstElementChild.cloneNode(true);
      const mine = Boolean(frame.author && frame.author.id === userId);
      const name = frame.author ? frame.author.name : strings.former_member;
      const time = formatTime(frame.created_at);
      item.id = "m-" + frame.seq;
      item.dataset.id = frame.id;
      item.dataset.seq = frame.seq;
      if (mine) {
        item.classList.add("chat-message--mine");
        item.dataset.mine = "";
      }
      item.querySelector(".chat-message__author").textContent = name;
      const timeElement = item.querySelector(".chat-message__time");
      timeElement.dateTime = frame.created_at;
      timeElement.textContent = time;
      item.querySelector(".chat-message__edited").hidden = !(frame.edited && !frame.deleted);
      if (frame.reply_to) {
        const quote = item.querySelector(".chat-message__quote");
        const quoteAuthor = quote.querySelector(".chat-message__quote-author");
        quoteAuthor.href = "#m-" + frame.reply_to.seq;
        quoteAuthor.textContent = frame.reply_to.author;
        quote.querySelector(".chat-message__quote-text").textContent =
          frame.reply_to.excerpt || strings.deleted;
        quote.hidden = false;
      }
      const body = item.querySelector(".chat-message__body");
      const actions = item.querySelector(".chat-message__actions");
      if (frame.deleted) {
        item.classList.add("chat-message--deleted");
        body.remove();
        item.querySelector(".chat-message__tombstone").hidden = false;
        if (actions) actions.remove();
        return item;
      }
      item.querySelector(".chat-message__tombstone").remove();
      body.innerHTML = frame.html; // sanitised by the server (nh3), like |safe in the template
      if (actions) {
        const reply = actions.querySelector("[data-action=reply]");
        if (reply) {
          reply.href = "?reply=" + frame.id + "#composer";
          reply.querySelector("[data-label]").textContent =
            " " + format(strings.reply_label, { name: name, time: time });
        }
        actions.querySelectorAll("[data-action=edit], [data-action=delete]").forEach((link) => {
          if (!mine) {
            link.remove();
            return;
          }
          const base = link.dataset.action === "edit" ? root.dataset.editUrl : root.dataset.deleteUrl;
          link.href = base.replace("/messages/0/", "/messages/" + Number(frame.id) + "/");
          link.querySelector("[data-label]").textContent =
            " " + format(strings.own_label, { time: time });
        });
        // Someone else's message: report it; a moderator of a public room may also remove it
        // (the server puts that link in the template only for them). Both lead to plain pages.
        actions.querySelectorAll("[data-action=report], [data-action=moderate]").forEach((link) => {
          if (mine) {
            link.remove();
            return;
          }
          const base =
            link.dataset.action === "report" ? root.dataset.reportUrl : root.dataset.deleteUrl;
          link.href = base.replace("/messages/0/", "/messages/" + Number(frame.id) + "/");
          link.querySelector("[data-label]").textContent =
            " " + format(strings.other_label, { name: name, time: time });
        });
        if (!actions.querySelector("[data-action]")) actions.remove();
      }
      return item;
    }

    // What this tab shows while a message travels: the text as typed, marked "sending…".
    function buildPending(frame) {
      const item = build({
        id: "",
        seq: "",
        author: { id: userId, name: userName },
        html: "",
        created_at: new Date().toISOString(),
        edited: false,
        deleted: false,
        reply_to: null,
      });
      item.removeAttribute("id");
      item.classList.add("chat-message--pending");
      const body = item.querySelector(".chat-message__body");
      const paragraph = document.createElement("p");
      paragraph.className = "chat-message__plain";
      paragraph.textContent = frame.body;
      body.replaceChildren(paragraph);
      const actions = item.querySelector(".chat-message__actions");
      if (actions) actions.remove();
      const pending = item.querySelector(".chat-message__pending");
      pending.textContent = strings.sending;
      pending.hidden = false;
      return item;
    }

    return { build: build, buildPending: buildPending, formatTime: formatTime, format: format };
  }

  window.CatalyseChatMessages = { builder: builder };
})();
