// Who is online: every element with data-presence="<member id>" (templates/includes/
// presence.html) is refreshed over the socket when it connects, then every 30 s while the tab
// is visible. A [data-presence-count] counts the online members of its [data-presence-scope].
// While this tab's own connection is lost, nobody's state is known: the marks turn "unknown"
// (greyed, "status unknown") rather than keep saying "online", until the socket is back.
(function () {
  "use strict";

  const REFRESH_MS = 30000;
  const realtime = window.CatalyseRealtime;
  const marks = () => document.querySelectorAll("[data-presence]");
  if (!realtime || !marks().length) return;

  function ask() {
    if (document.hidden) return;
    const ids = new Set(Array.from(marks(), (mark) => Number(mark.dataset.presence)));
    realtime.sendFrame({ type: "presence", users: Array.from(ids) });
  }

  // state: "online", "offline" or "unknown"
  function mark(element, state) {
    element.classList.toggle("presence--online", state === "online");
    element.classList.toggle("presence--unknown", state === "unknown");
    element.querySelectorAll("[data-when-online]").forEach((el) => { el.hidden = state !== "online"; });
    element.querySelectorAll("[data-when-offline]").forEach((el) => { el.hidden = state !== "offline"; });
    element.querySelectorAll("[data-when-unknown]").forEach((el) => { el.hidden = state !== "unknown"; });
  }

  function count(known) {
    document.querySelectorAll("[data-presence-count]").forEach((counter) => {
      const scope = counter.closest("[data-presence-scope]") || document;
      counter.textContent = known
        ? scope.querySelectorAll(".presence--online[data-presence]").length
        : "?";
    });
  }

  function show(frame) {
    const online = new Set(frame.online);
    marks().forEach((element) => {
      mark(element, online.has(Number(element.dataset.presence)) ? "online" : "offline");
    });
    count(true);
  }

  function forget() {
    marks().forEach((element) => mark(element, "unknown"));
    count(false);
  }

  realtime.on("presence", show);
  realtime.on("connected", ask);
  realtime.on("disconnected", forget);
  if (realtime.isConnected()) ask(); // the socket may have said hello before this script ran
  window.setInterval(ask, REFRESH_MS);
  document.addEventListener("visibilitychange", ask);
})();
