// Reconnect and resume: backoff, replay suppression, and a LiveSocket driven by a fake socket.
import assert from "node:assert/strict";
import { test } from "node:test";

import { LiveSocket, socketUrl } from "../../../../src/frontline/web/static/lib/live-socket.js";
import { backoffDelay, EventCursor } from "../../../../src/frontline/web/static/lib/resume.js";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
}

test("backoff doubles from 0.5 s up to a 15 s cap, jittered within the upper half", () => {
  assert.equal(backoffDelay(0, { random: () => 0 }), 250);
  assert.equal(backoffDelay(0, { random: () => 1 }), 500);
  assert.equal(backoffDelay(3, { random: () => 1 }), 4000);
  assert.equal(backoffDelay(10, { random: () => 1 }), 15000);
  assert.equal(backoffDelay(50, { random: () => 0 }), 7500);
});

test("the cursor applies each id once, in order, and survives a reload via storage", () => {
  const storage = new MemoryStorage();
  const cursor = new EventCursor(storage, "k");
  assert.equal(cursor.accept({ id: 1 }), true);
  assert.equal(cursor.accept({ id: 2 }), true);
  assert.equal(cursor.accept({ id: 2 }), false);
  assert.equal(cursor.accept({ id: 1 }), false);
  assert.equal(cursor.accept({ type: "typing" }), true); // ephemeral events carry no id
  const reloaded = new EventCursor(storage, "k");
  assert.equal(reloaded.lastId, 2);
  reloaded.moveTo(1);
  assert.equal(reloaded.lastId, 2, "never moves back");
});

class FakeSocket {
  static made = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.made.push(this);
  }
  open() { this.readyState = 1; this.onopen?.(); }
  deliver(event) { this.onmessage?.({ data: JSON.stringify(event) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code, reason: "" }); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
}

function harness() {
  FakeSocket.made = [];
  const timers = [];
  const seen = [];
  const statuses = [];
  const live = new LiveSocket({
    url: (after) => socketUrl("http://desk.example/agent", "/ws/agent", { token: "t", after: after || null }),
    onEvent: (event) => seen.push(event),
    onStatus: (status) => statuses.push(status),
    WebSocketImpl: FakeSocket,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  return { live, timers, seen, statuses };
}

test("a dropped socket reconnects after the last applied id and ignores the replay", () => {
  const { live, timers, seen, statuses } = harness();
  live.start();
  const first = FakeSocket.made[0];
  assert.equal(first.url, "ws://desk.example/ws/agent?token=t");
  first.open();
  first.deliver({ id: 1, type: "state" });
  first.deliver({ id: 2, type: "offer" });
  first.drop();
  assert.equal(statuses.at(-1), "retrying");
  assert.equal(timers.length, 1);
  timers[0].fn();
  const second = FakeSocket.made[1];
  assert.equal(second.url, "ws://desk.example/ws/agent?token=t&after=2");
  second.open();
  second.deliver({ id: 2, type: "offer" }); // replayed by an over-eager server
  second.deliver({ id: 3, type: "assigned" });
  assert.deepEqual(seen.map((e) => e.id), [1, 2, 3]);
  assert.equal(statuses.at(-1), "open");
});

test("malformed frames are skipped and stop() prevents any reconnect", () => {
  const { live, timers, seen, statuses } = harness();
  live.start();
  const socket = FakeSocket.made[0];
  socket.open();
  socket.onmessage({ data: "not json" });
  assert.equal(seen.length, 0);
  assert.equal(live.send({ type: "typing" }), true);
  assert.deepEqual(socket.sent, [{ type: "typing" }]);
  live.stop();
  socket.drop();
  assert.equal(timers.length, 0);
  assert.equal(statuses.at(-1), "closed");
  assert.equal(live.send({ type: "typing" }), false);
});

test("https pages get wss URLs", () => {
  assert.equal(socketUrl("https://x.example/wallboard", "/ws/wallboard", { token: "a b" }), "wss://x.example/ws/wallboard?token=a+b");
});
