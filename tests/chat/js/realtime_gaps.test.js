// static/js/realtime.js against a fake browser (timers, WebSocket, a few DOM calls): gaps in a
// room's seq are held and replayed in order, a pong ahead of the tab asks for a replay, and
// the close codes 4401/4403/4429 stop or slow the reconnecting. Run by test_realtime_js.py.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(
  path.join(__dirname, "..", "..", "..", "static", "js", "realtime.js"),
  "utf8",
);

function browser() {
  let now = 0;
  let nextId = 1;
  const timers = new Map(); // id -> {at, fn, every}
  const sockets = [];
  const elements = {};

  function element(tag) {
    return {
      tag,
      children: [],
      attributes: {},
      textContent: "",
      setAttribute(name, value) {
        this.attributes[name] = value;
      },
      append(...items) {
        items.forEach((item) => {
          if (typeof item === "string") this.textContent += item;
          else this.children.push(item);
        });
      },
      prepend(item) {
        this.children.unshift(item);
        if (item.id) elements[item.id] = item;
      },
      remove() {
        delete elements[this.id];
      },
    };
  }
  const main = element("main");

  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(data) {
      this.sent.push(JSON.parse(data));
    }
    close() {
      this.readyState = 3;
    }
    open() {
      this.readyState = 1;
    }
    frame(frame) {
      this.onmessage({ data: JSON.stringify(frame) });
    }
    closedBy(code) {
      this.readyState = 3;
      this.onclose({ code });
    }
  }
  FakeSocket.OPEN = 1;

  const window = {
    location: { protocol: "http:", host: "localhost", pathname: "/chat/1/", search: "", href: "http://localhost/chat/1/" },
    setTimeout: (fn, ms) => {
      timers.set(nextId, { at: now + (ms || 0), fn });
      return nextId++;
    },
    clearTimeout: (id) => timers.delete(id),
    setInterval: (fn, ms) => {
      timers.set(nextId, { at: now + ms, fn, every: ms });
      return nextId++;
    },
    clearInterval: (id) => timers.delete(id),
    addEventListener: () => {},
    crypto: require("node:crypto").webcrypto,
    fetch: () => Promise.resolve({ ok: false }),
  };
  const document = {
    currentScript: {
      dataset: {
        loginUrl: "/comptes/connexion/",
        loginLabel: "Se reconnecter",
        sessionEnded: "Votre session a pris fin.",
        accessChanged: "Votre accès a changé.",
        reloadLabel: "Recharger la page",
        tooManyTabs: "Trop d’onglets.",
      },
    },
    visibilityState: "visible",
    addEventListener: () => {},
    querySelector: (selector) => (selector === "main" ? main : null),
    querySelectorAll: () => [],
    getElementById: (id) => elements[id] || null,
    createElement: element,
    body: main,
  };
  window.document = document;
  const context = vm.createContext({ window, document, WebSocket: FakeSocket, console, Math, JSON, Date, Map, Set, Number, Object, Array, encodeURIComponent, Uint8Array });
  vm.runInContext(SOURCE, context);

  function advance(ms) {
    const until = now + ms;
    for (;;) {
      let due = null;
      timers.forEach((timer, id) => {
        if (timer.at <= until && (!due || timer.at < due[1].at)) due = [id, timer];
      });
      if (!due) break;
      const [id, timer] = due;
      now = timer.at;
      if (timer.every) timer.at += timer.every;
      else timers.delete(id);
      timer.fn();
    }
    now = until;
  }

  return { realtime: window.CatalyseRealtime, sockets, advance, elements };
}

function message(seq) {
  return { type: "message", room: 1, id: 100 + seq, seq, html: "<p>" + seq + "</p>", edited: false, deleted: false };
}

function connected(b) {
  const ws = b.sockets[b.sockets.length - 1];
  ws.open();
  ws.frame({ type: "hello", user: 7 });
  return ws;
}

function replays(ws) {
  return ws.sent.filter((frame) => frame.type === "replay");
}

// A gap in the middle of a burst: held, asked for after the grace, shown in order once.
(function gapInTheMiddle() {
  const b = browser();
  const shown = [];
  b.realtime.on("message", (frame) => shown.push(frame.seq));
  b.realtime.subscribe(1, 0, []);
  const ws = connected(b);
  assert.deepEqual(ws.sent.filter((f) => f.type === "subscribe"), [{ type: "subscribe", room: 1, after: 0 }]);
  ws.frame(message(1));
  ws.frame(message(3));
  ws.frame(message(4));
  assert.deepEqual(shown, [1]);
  b.advance(900);
  assert.equal(replays(ws).length, 0, "the grace period is not over");
  b.advance(200);
  assert.deepEqual(replays(ws), [{ type: "replay", room: 1, after: 1 }]);
  [2, 3, 4].forEach((seq) => ws.frame(message(seq))); // the replay
  ws.frame({ type: "replayed", room: 1, last_seq: 4 });
  assert.deepEqual(shown, [1, 2, 3, 4]);
  ws.frame(message(3)); // a late live copy
  assert.deepEqual(shown, [1, 2, 3, 4]);
  b.advance(5000);
  assert.equal(replays(ws).length, 1, "nothing more to ask");
})();

// A late frame that fills the gap within the grace: no replay.
(function lateFrame() {
  const b = browser();
  const shown = [];
  b.realtime.on("message", (frame) => shown.push(frame.seq));
  b.realtime.subscribe(1, 0, []);
  const ws = connected(b);
  ws.frame(message(2));
  ws.frame(message(1));
  assert.deepEqual(shown, [1, 2]);
  b.advance(2000);
  assert.equal(replays(ws).length, 0);
})();

// The tail of a burst lost: only the pong tells; a replay is asked for.
(function tailGap() {
  const b = browser();
  const shown = [];
  b.realtime.on("message", (frame) => shown.push(frame.seq));
  b.realtime.subscribe(1, 3, [101, 102, 103]);
  const ws = connected(b);
  ws.frame({ type: "subscribed", room: 1, last_seq: 3 });
  b.advance(1000); // the heartbeat pings
  assert.ok(ws.sent.some((f) => f.type === "ping"));
  ws.frame({ type: "pong", rooms: { 1: 5 } });
  b.advance(1000);
  assert.deepEqual(replays(ws), [{ type: "replay", room: 1, after: 3 }]);
  ws.frame(message(4));
  ws.frame(message(5));
  ws.frame({ type: "replayed", room: 1, last_seq: 5 });
  assert.deepEqual(shown, [4, 5]);
  ws.frame({ type: "pong", rooms: { 1: 5 } });
  b.advance(3000);
  assert.equal(replays(ws).length, 1, "up to date: no more replays");
})();

// 4401 and 4403: no reconnecting, a notice with what to do.
[4401, 4403].forEach((code) => {
  const b = browser();
  const refused = [];
  b.realtime.on("refused", (detail) => refused.push(detail.code));
  const ws = connected(b);
  ws.closedBy(code);
  b.advance(120000);
  assert.equal(b.sockets.length, 1, "no new socket after " + code);
  assert.deepEqual(refused, [code]);
  const notice = b.elements["realtime-notice"];
  assert.ok(notice, "a notice is shown");
  assert.equal(notice.attributes.role, "alert");
  const link = notice.children[0];
  if (code === 4401) assert.equal(link.href, "/comptes/connexion/?next=%2Fchat%2F1%2F");
  else assert.equal(link.href, "http://localhost/chat/1/");
});

// 4429: say so, and come back only after the longest backoff; 1001: reconnect soon.
(function tooManyTabs() {
  const b = browser();
  const ws = connected(b);
  ws.closedBy(4429);
  assert.ok(b.elements["realtime-notice"]);
  b.advance(14000);
  assert.equal(b.sockets.length, 1, "not before 15 s");
  b.advance(16500);
  assert.equal(b.sockets.length, 2, "by 30 s");
  connected(b);
  assert.equal(b.elements["realtime-notice"], undefined, "the notice goes on hello");
  b.sockets[1].closedBy(1001);
  b.advance(1100);
  assert.equal(b.sockets.length, 3, "going away: back within a second or so");
})();

console.log("realtime.js: gaps, tail gaps and close codes ok");
