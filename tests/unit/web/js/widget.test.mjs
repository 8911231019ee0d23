// The chat widget without a DOM: status lines, and the API client against a fake fetch.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ChatApi, ChatApiError } from "../../../../src/frontline/web/static/widget/chat-api.js";
import { parseTopics, statusChangeLine, statusText } from "../../../../src/frontline/web/static/widget/chat-widget.js";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}

/** A fake fetch answering from a table of "METHOD path" -> [status, body], recording calls. */
function fakeFetch(routes) {
  const calls = [];
  const fetch = async (url, init) => {
    const path = url.replace("https://cc.example", "");
    calls.push({ path, method: init.method, headers: init.headers, body: init.body });
    const [status, body] = routes[`${init.method} ${path}`] || [404, { detail: "no route" }];
    return { ok: status < 300, status, text: async () => (body === null ? "" : JSON.stringify(body)) };
  };
  return { fetch, calls };
}

test("status lines: agent joined, transferred, ended, and nothing for a repeat", () => {
  assert.equal(statusChangeLine("waiting", "active", "Alice", undefined), "Alice has joined the chat");
  assert.equal(statusChangeLine("waiting", "active", null, undefined), "An agent has joined the chat");
  assert.equal(statusChangeLine("active", "active", "Alice", "Alice"), null);
  assert.equal(statusChangeLine("active", "active", "Bob", "Alice"), "Bob has joined the chat");
  assert.equal(statusChangeLine("active", "waiting"), "You're being transferred; please stay with us");
  assert.equal(statusChangeLine("active", "ended"), "The chat has ended");
  assert.equal(statusChangeLine("ended", "ended"), null);
  assert.equal(statusText("active", "Alice"), "Chatting with Alice");
  assert.equal(statusText("wrap_up"), "Chat ended");
  assert.equal(statusText("waiting"), "Waiting for an agent\u2026");
});

test("starting a chat stores the session; later calls carry its token", async () => {
  const { fetch, calls } = fakeFetch({
    "POST /api/v1/chat/sessions": [201, { session_id: "s 1", token: "tk", status: "waiting" }],
    "POST /api/v1/chat/sessions/s%201/messages": [201, { id: 7, sender: "customer", text: "hi", at: "x" }],
  });
  globalThis.fetch = fetch;
  const storage = new MemoryStorage();
  const api = new ChatApi("https://cc.example", storage);
  await api.start({ name: "Ann", email: "ann@example.com", message: "Hello", queue: "" });
  assert.deepEqual(JSON.parse(calls[0].body), { name: "Ann", email: "ann@example.com", message: "Hello" });
  assert.equal(calls[0].headers.Authorization, undefined);
  const message = await api.send("hi");
  assert.equal(message.id, 7);
  assert.equal(calls[1].headers.Authorization, "Bearer tk");
  const reloaded = new ChatApi("https://cc.example", storage);
  assert.equal(reloaded.session.session_id, "s 1");
  assert.equal(reloaded.socketUrl(12), "wss://cc.example/ws/chat/s%201?token=tk&after=12");
});

test("errors keep their status so the widget can tell an ended chat from a failure", async () => {
  const { fetch } = fakeFetch({
    "POST /api/v1/chat/sessions/s/messages": [409, { detail: "the chat has ended" }],
  });
  globalThis.fetch = fetch;
  const storage = new MemoryStorage();
  storage.setItem("fl.chat.https://cc.example", JSON.stringify({ session_id: "s", token: "t" }));
  const api = new ChatApi("https://cc.example", storage);
  await assert.rejects(api.send("late"), (error) => error instanceof ChatApiError && error.status === 409);
  api.forget();
  assert.equal(storage.getItem("fl.chat.https://cc.example"), null);
});

test("a corrupt or partial stored session is ignored", () => {
  const storage = new MemoryStorage();
  storage.setItem("fl.chat.https://cc.example", "{not json");
  assert.equal(new ChatApi("https://cc.example", storage).session, null);
  storage.setItem("fl.chat.https://cc.example", JSON.stringify({ session_id: "s" }));
  assert.equal(new ChatApi("https://cc.example", storage).session, null);
});

test("topics let the customer choose a queue; labels default to the queue name", () => {
  assert.deepEqual(parseTopics("billing:Billing and payments, cards"), [
    { queue: "billing", label: "Billing and payments" },
    { queue: "cards", label: "cards" },
  ]);
  assert.deepEqual(parseTopics(""), []);
  assert.deepEqual(parseTopics(" , :orphan label"), []);
});
