// The header's notification bell (templates/notifications/_bell.html), live over the tab's
// socket (realtime.js). A "notification" frame (docs/realtime.md) sets the unread badge, its
// visible number and its accessible text ("3 unread notifications"), and is read out politely
// by screen readers through a status region. Every string comes translated from the page
// (notifications.context_processors.js_strings); the frame's text is inserted as text only.
(function () {
  "use strict";

  const ANNOUNCEMENT_KEPT_MS = 10000;

  const realtime = window.CatalyseRealtime;
  const bell = document.querySelector("[data-notifications-bell]");
  const stringsElement = document.getElementById("notifications-strings");
  if (!realtime || !bell || !stringsElement) return;

  const strings = JSON.parse(stringsElement.textContent);
  const badge = bell.querySelector("[data-notifications-badge]");
  const plurals = new Intl.PluralRules(document.documentElement.lang || "fr");

  const format = (text, values) =>
    text.replace(/%\((\w+)\)[sd]/g, (whole, key) => (key in values ? String(values[key]) : whole));

  // Created at once, empty, so that screen readers watch it before anything is said in it.
  const region = document.createElement("div");
  region.className = "visually-hidden";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  region.dataset.notificationsAnnouncer = "";
  document.body.appendChild(region);

  function setUnread(count) {
    if (!badge) return;
    const number = Math.max(0, Math.floor(Number(count)) || 0);
    const label = plurals.select(number) === "one" ? strings.unread_one : strings.unread_other;
    badge.querySelector("[data-count]").textContent = String(number);
    badge.querySelector("[data-label]").textContent = format(label, { counter: number });
    badge.hidden = number === 0;
  }

  let clearTimer = null;
  function announce(text) {
    window.clearTimeout(clearTimer);
    region.textContent = "";
    // Emptied first, then filled a moment later: the same words twice are still read out.
    window.setTimeout(() => {
      region.textContent = text;
    }, 100);
    clearTimer = window.setTimeout(() => {
      region.textContent = "";
    }, ANNOUNCEMENT_KEPT_MS);
  }

  realtime.on("notification", (frame) => {
    if (typeof frame.unread === "number") setUnread(frame.unread);
    const notification = frame.notification;
    if (!notification || typeof notification.text !== "string") return;
    const kind = (strings.kinds && strings.kinds[notification.kind]) || notification.kind;
    announce(format(strings.announce, { kind: kind, text: notification.text }));
  });
})();
