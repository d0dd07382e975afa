// The one WebSocket of this tab (DESIGN.md §5; frames in docs/realtime.md).
//
// Loaded on every member page: it keeps the header's unread badge live, and pages such as a
// chat room (chat.js) use it through window.CatalyseRealtime:
//   on(type, fn)              "message", "update", "ack", "send-error", "error", "typing",
//                             "subscribed", "connected", "disconnected", "activity"
//   subscribe(room, lastSeq, ids)  follow a room from lastSeq; ids: the messages on the page
//   send(room, body, replyTo)      returns the client_id; resent after a reconnect until acked
//   retry(clientId)                send a refused message again
//   sendFrame(frame)               typing, read, edit, delete: true when it left
//   refreshUnread(delayMs)         ask the server for the unread counts again
// Nothing is lost across a reconnect: each room remembers the last sequence number it showed
// and subscribes again with it as "after"; the server replays the rest, duplicates are dropped
// by message id, and unacknowledged sends are resent (the server dedupes them by client_id).
(function () {
  "use strict";

  // Liveness: a visible tab pings every second and expects a frame back within 1.5 s, so that
  // a dead network or a silent server shows as lost within 2.5 s (the chat's banner,
  // presence.js); a hidden tab pings every 25 s, enough to keep its presence slot
  // (chat/sockets.py).
  const PING_EVERY_MS = 1000;
  const PING_HIDDEN_EVERY_MS = 25000;
  const PONG_TIMEOUT_MS = 1500;
  const BACKOFF_FIRST_MS = 1000;
  const BACKOFF_MAX_MS = 30000;
  const UNREAD_DEBOUNCE_MS = 600;
  // A gap in a room's seq (a frame the channel layer lost): held frames wait this long for
  // the missing ones, still on their way from another server, then a replay is asked for.
  const GAP_GRACE_MS = 1000;
  const CLOSE_UNAUTHORISED = 4401; // logged out: no reconnecting (docs/realtime.md)
  const CLOSE_FORBIDDEN = 4403; // no longer a member: no reconnecting
  const CLOSE_TOO_MANY_SOCKETS = 4429; // ten tabs open already: back off to the longest wait

  const script = document.currentScript;
  const unreadUrl = script ? script.dataset.unreadUrl : null;

  const listeners = new Map(); // frame or event type -> Set of functions
  const rooms = new Map(); // room id -> { lastSeq, seen: Set of message ids }
  const outbox = new Map(); // client_id -> send frame, until the server acknowledges it

  let socket = null;
  let generation = 0; // which connection this is: a send leaves once per connection
  let connected = false;
  let everConnected = false;
  let attempt = 0;
  let retryTimer = null;
  let pingTimer = null;
  let pongTimer = null;
  let lastPingAt = 0;
  let stopped = false; // refused for good (4401, 4403): the page must be reloaded
  let unreadTimer = null;

  // --- Events for the pages ---------------------------------------------------------------
  function on(type, fn) {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type).add(fn);
    return () => listeners.get(type).delete(fn);
  }

  function emit(type, detail) {
    (listeners.get(type) || []).forEach((fn) => {
      try {
        fn(detail);
      } catch (error) {
        console.error(error); // one faulty page handler must not stop the others
      }
    });
  }

  // --- Connection ---------------------------------------------------------------------------
  function socketUrl() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + window.location.host + "/ws/";
  }

  function connect() {
    window.clearTimeout(retryTimer);
    retryTimer = null;
    if (socket || stopped) return;
    let ws;
    try {
      ws = new WebSocket(socketUrl());
    } catch (error) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onmessage = (event) => {
      if (ws !== socket) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (frame && typeof frame.type === "string") receive(frame);
    };
    ws.onclose = (event) => {
      if (ws === socket) lost(event.code);
    };
  }

  // The socket is gone (closed, or silent past the pong timeout): forget it, try again later,
  // unless the server said that trying again is pointless (4401, 4403).
  function lost(code) {
    const ws = socket;
    socket = null;
    stopHeartbeat();
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      try {
        ws.close();
      } catch (error) {
        /* already closed */
      }
    }
    if (connected) {
      connected = false;
      emit("disconnected", {});
    }
    if (code === CLOSE_UNAUTHORISED || code === CLOSE_FORBIDDEN) {
      stopped = true;
      showNotice(code);
      emit("refused", { code: code });
      return;
    }
    if (code === CLOSE_TOO_MANY_SOCKETS) {
      attempt = Math.max(attempt, 5); // straight to the 30 s ceiling
      showNotice(code);
    }
    scheduleReconnect();
  }

  // Why the live updates stopped, with what to do (the texts come translated from the page).
  function showNotice(code) {
    const data = script ? script.dataset : {};
    const text = { 4401: data.sessionEnded, 4403: data.accessChanged, 4429: data.tooManyTabs }[code];
    if (!text) return;
    let notice = document.getElementById("realtime-notice");
    if (!notice) {
      notice = document.createElement("p");
      notice.id = "realtime-notice";
      notice.className = "realtime-notice";
      notice.setAttribute("role", "alert");
      (document.querySelector("main") || document.body).prepend(notice);
    }
    notice.textContent = text + " ";
    if (code === CLOSE_UNAUTHORISED && data.loginUrl) {
      const link = document.createElement("a");
      const here = window.location.pathname + window.location.search;
      link.href = data.loginUrl + "?next=" + encodeURIComponent(here);
      link.textContent = data.loginLabel;
      notice.append(link);
    } else if (code === CLOSE_FORBIDDEN) {
      const link = document.createElement("a");
      link.href = window.location.href;
      link.textContent = data.reloadLabel;
      notice.append(link);
    }
  }

  function hideNotice() {
    const notice = document.getElementById("realtime-notice");
    if (notice) notice.remove();
  }

  // Exponential backoff with jitter: 1 s, 2 s, 4 s... up to 30 s, each between half and all.
  function scheduleReconnect() {
    if (retryTimer) return;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    attempt += 1;
    retryTimer = window.setTimeout(connect, delay);
  }

  // Back from sleep or from a network change: do not wait for the backoff.
  function wakeUp() {
    if (document.visibilityState === "hidden") return;
    if (!socket) {
      attempt = 0;
      connect();
    } else if (connected) {
      ping(); // a socket that looks open after a laptop slept may be dead
    }
  }

  function startHeartbeat() {
    stopHeartbeat();
    pingTimer = window.setInterval(heartbeat, PING_EVERY_MS);
  }

  function heartbeat() {
    if (pongTimer) return; // a ping is out already: its timeout decides
    const hidden = document.visibilityState === "hidden";
    if (hidden && Date.now() - lastPingAt < PING_HIDDEN_EVERY_MS) return;
    ping();
  }

  function stopHeartbeat() {
    window.clearInterval(pingTimer);
    window.clearTimeout(pongTimer);
    pingTimer = null;
    pongTimer = null;
  }

  function ping() {
    if (!rawSend({ type: "ping" })) return;
    lastPingAt = Date.now();
    if (!pongTimer) pongTimer = window.setTimeout(lost, PONG_TIMEOUT_MS);
  }

  function rawSend(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  // --- Frames from the server ---------------------------------------------------------------
  function receive(frame) {
    // Any frame proves the connection alive.
    window.clearTimeout(pongTimer);
    pongTimer = null;
    switch (frame.type) {
      case "hello":
        generation += 1;
        connected = true;
        attempt = 0;
        startHeartbeat();
        rooms.forEach((state, room) => subscribeFrame(room, state));
        // Sends for rooms this page does not follow leave at once; the others after replay.
        outbox.forEach((send) => {
          if (!rooms.has(send.room)) transmit(send);
        });
        if (everConnected) refreshUnread(0); // counts may have moved while we were away
        everConnected = true;
        hideNotice();
        emit("connected", frame);
        break;
      case "pong":
        // Where each subscribed room stands: a message lost at the end of a burst shows here.
        Object.entries(frame.rooms || {}).forEach(([room, seq]) => {
          const state = rooms.get(Number(room));
          if (state && seq > state.lastSeq) {
            state.behind = Math.max(state.behind, seq);
            askReplaySoon(Number(room), state);
          }
        });
        break;
      case "replayed":
        replayed(frame);
        break;
      case "subscribed":
        outbox.forEach((send) => {
          if (send.room === frame.room) transmit(send);
        });
        emit("subscribed", frame);
        break;
      case "message":
        receiveMessage(frame);
        break;
      case "ack":
        outbox.delete(frame.client_id);
        sentOn.delete(frame.client_id);
        emit("ack", frame);
        break;
      case "error":
        if (frame.ref && outbox.has(frame.ref)) {
          const send = outbox.get(frame.ref);
          outbox.delete(frame.ref); // refused: resending it unchanged would fail again
          sentOn.delete(frame.ref);
          emit("send-error", Object.assign({}, frame, { send: send }));
        }
        emit("error", frame);
        break;
      case "reload":
        // Too much was missed for a replay: the page itself brings the room up to date.
        window.location.reload();
        break;
      case "activity":
        emit("activity", frame);
        refreshUnread();
        break;
      case "read": // a read marker of this member is stored: the counts are up to date now
        emit("read", frame);
        refreshUnread(0);
        break;
      default:
        emit(frame.type, frame); // typing, read, and frames added later
    }
  }

  function receiveMessage(frame) {
    const state = rooms.get(frame.room);
    if (!state) return;
    if (state.seen.has(frame.id) || frame.seq <= state.lastSeq) {
      // Seen already, or older than what the page shows: only an edit or a deletion matters.
      if (frame.edited || frame.deleted) emit("update", frame);
      return;
    }
    if (frame.seq > state.lastSeq + 1) {
      // A gap: keep it until the missing ones come (late, or replayed), so the page shows
      // the room in order.
      state.held.set(frame.seq, frame);
      askReplaySoon(frame.room, state);
      return;
    }
    deliver(state, frame);
  }

  function deliver(state, frame) {
    let next = frame;
    while (next) {
      state.held.delete(next.seq);
      state.seen.add(next.id);
      state.lastSeq = next.seq;
      emit("message", next);
      next = state.held.get(state.lastSeq + 1); // held behind the gap, now in order
    }
  }

  function gapRemains(state) {
    return state.held.size > 0 || state.behind > state.lastSeq;
  }

  // Ask the server for what is missing after a grace period: the frame may still be coming.
  function askReplaySoon(room, state) {
    if (state.gapTimer) return;
    state.gapTimer = window.setTimeout(() => {
      state.gapTimer = null;
      if (rooms.get(room) === state && gapRemains(state) && connected) {
        rawSend({ type: "replay", room: room, after: state.lastSeq });
      }
    }, GAP_GRACE_MS);
  }

  // The replay is over: the server sent everything up to last_seq. Frames held beyond it
  // follow if they are next; anything still missing is asked for again.
  function replayed(frame) {
    const state = rooms.get(frame.room);
    if (!state) return;
    Array.from(state.held.keys())
      .sort((a, b) => a - b)
      .forEach((seq) => {
        const held = state.held.get(seq);
        if (seq > Math.max(state.lastSeq, frame.last_seq)) return;
        state.held.delete(seq);
        if (!state.seen.has(held.id)) {
          state.seen.add(held.id);
          emit("message", held);
        }
      });
    state.lastSeq = Math.max(state.lastSeq, frame.last_seq);
    const next = state.held.get(state.lastSeq + 1);
    if (next) deliver(state, next);
    if (gapRemains(state)) askReplaySoon(frame.room, state);
  }

  function subscribeFrame(room, state) {
    rawSend({ type: "subscribe", room: room, after: state.lastSeq });
  }

  // --- Sending --------------------------------------------------------------------------------
  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // crypto.randomUUID needs a secure context; getRandomValues does not.
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Sent at most once per connection; kept in the outbox until acknowledged.
  const sentOn = new Map(); // client_id -> generation it left on
  function transmit(frame) {
    if (!connected || sentOn.get(frame.client_id) === generation) return;
    if (rawSend(frame)) sentOn.set(frame.client_id, generation);
  }

  function send(room, body, replyTo) {
    const frame = { type: "send", room: room, body: body, client_id: newClientId() };
    if (replyTo) frame.reply_to = replyTo;
    outbox.set(frame.client_id, frame);
    transmit(frame);
    return frame.client_id;
  }

  function retry(frame) {
    sentOn.delete(frame.client_id);
    outbox.set(frame.client_id, frame);
    transmit(frame);
  }

  function sendFrame(frame) {
    return connected && rawSend(frame);
  }

  function subscribe(room, lastSeq, ids) {
    const state = { lastSeq: lastSeq || 0, seen: new Set(ids || []), held: new Map(), behind: 0 };
    rooms.set(room, state);
    if (connected) subscribeFrame(room, state);
  }

  // --- Unread badges --------------------------------------------------------------------------
  function setBadge(badge, count) {
    if (!badge) return;
    const number = badge.querySelector("[data-count]");
    if (number) number.textContent = String(count);
    badge.hidden = !(count > 0);
  }

  function refreshUnread(delay) {
    if (!unreadUrl) return;
    window.clearTimeout(unreadTimer);
    unreadTimer = window.setTimeout(fetchUnread, delay === undefined ? UNREAD_DEBOUNCE_MS : delay);
  }

  function fetchUnread() {
    window
      .fetch(unreadUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "error", // signed out: a redirect to the login page, not counts
      })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        setBadge(document.querySelector("[data-chat-unread]"), data.total);
        document.querySelectorAll("[data-room-unread]").forEach((badge) => {
          setBadge(badge, data.rooms[badge.dataset.roomUnread] || 0);
        });
      })
      .catch(() => {
        /* offline: the next activity or reconnect asks again */
      });
  }

  window.CatalyseRealtime = {
    on: on,
    subscribe: subscribe,
    send: send,
    retry: retry,
    sendFrame: sendFrame,
    refreshUnread: refreshUnread,
    setBadge: setBadge,
    isConnected: () => connected,
  };

  window.addEventListener("online", wakeUp);
  // The network went away: the socket is as good as dead, say so now (the browser may take
  // minutes to notice); "online" then reconnects at once (wakeUp).
  window.addEventListener("offline", () => {
    if (socket) lost();
  });
  document.addEventListener("visibilitychange", wakeUp);
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) wakeUp(); // restored from the back-forward cache
  });
  connect();
})();
