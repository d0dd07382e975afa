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
    if (socket) return;
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
    ws.onclose = () => {
      if (ws === socket) lost();
    };
  }

  // The socket is gone (closed, or silent past the pong timeout): forget it, try again later.
  function lost() {
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
    scheduleReconnect();
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
        emit("connected", frame);
        break;
      case "pong":
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
    state.seen.add(frame.id);
    state.lastSeq = frame.seq;
    emit("message", frame);
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
    const state = { lastSeq: lastSeq || 0, seen: new Set(ids || []) };
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
