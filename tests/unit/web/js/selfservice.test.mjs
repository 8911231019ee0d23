// Self-service in the browser UIs without a DOM: the widget's bot status line and what an
// agent's offer card shows from the flow's hand-off context.
import assert from "node:assert/strict";
import { test } from "node:test";

import { flowSummaryLines } from "../../../../src/frontline/web/static/agent/offers.js";
import { statusChangeLine, statusText } from "../../../../src/frontline/web/static/widget/chat-widget.js";

test("a chat with the bot says so and how to reach a person", () => {
  assert.equal(statusText("bot"), "Chatting with our assistant (type \u201cagent\u201d for a person)");
  assert.equal(statusChangeLine("bot", "waiting"), null);
  assert.equal(statusChangeLine("bot", "active", "Alice"), "Alice has joined the chat");
  assert.equal(statusChangeLine("bot", "ended"), "The chat has ended");
});

test("the offer card lists the intent, the answers and why the bot handed off", () => {
  const context = {
    intent: "lost_or_stolen_card",
    answers: [{ label: "Answer helped", value: "false" }],
    reason: "queue node",
  };
  assert.deepEqual(flowSummaryLines(context), [
    "Intent: Lost or stolen card",
    "Answer helped: false",
    "Bot: queue node",
  ]);
  assert.deepEqual(flowSummaryLines(null), []);
  assert.deepEqual(flowSummaryLines({ intent: null, answers: [] }), []);
});
