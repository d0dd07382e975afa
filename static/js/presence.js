// Who is online: every element with data-presence="<member id>" (templates/includes/
// presence.html) is refreshed over the socket when it connects, then every 30 s while the tab
// is visible. A [data-presence-count] counts the online members of its [data-presence-scope].
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

  function show(frame) {
    const online = new Set(frame.online);
    marks().forEach((mark) => {
      const isOnline = online.has(Number(mark.dataset.presence));
      mark.classList.toggle("presence--online", isOnline);
      mark.querySelectorAll("[data-when-online]").forEach((el) => { el.hidden = !isOnline; });
      mark.querySelectorAll("[data-when-offline]").forEach((el) => { el.hidden = isOnline; });
    });
    document.querySelectorAll("[data-presence-count]").forEach((count) => {
      const scope = count.closest("[data-presence-scope]") || document;
      count.textContent = scope.querySelectorAll(".presence--online[data-presence]").length;
    });
  }

  realtime.on("presence", show);
  realtime.on("connected", ask);
  if (realtime.isConnected()) ask(); // the socket may have said hello before this script ran
  window.setInterval(ask, REFRESH_MS);
  document.addEventListener("visibilitychange", ask);
})();
