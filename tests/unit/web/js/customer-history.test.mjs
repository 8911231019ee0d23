// The customer panel's history entries without a DOM: the contact in hand is marked, the queue
// is named once, dispositions read as the queue labels them and earlier contacts say who
// handled them.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  dispositionLabel,
  isCurrentContact,
  timelineView,
} from "../../../../src/frontline/web/static/agent/customer-panel.js";

const AT = "2026-11-23T12:55:00Z";

function contact(id, extra = {}) {
  return {
    kind: "interaction",
    channel: "chat",
    at: AT,
    summary: "Chat in general",
    data: { interaction_id: id, status: "closed", queue: "general", subject: "", ...extra },
  };
}

test("the contact in hand is marked, whether accepted or offered, and only that one", () => {
  assert.equal(isCurrentContact(contact(42), 42), true);
  assert.equal(isCurrentContact(contact(42), "42"), true); // ids from events arrive as strings
  assert.equal(isCurrentContact(contact(41), 42), false);
  assert.equal(isCurrentContact(contact(42), null), false);
  assert.equal(isCurrentContact({ ...contact(42), kind: "disposition" }, 42), false);
  assert.equal(isCurrentContact({ kind: "interaction", data: {} }, 42), false);

  const now = timelineView(contact(42, { status: "active", agent_name: "Alice Martin" }), 42, "en-GB");
  assert.equal(now.current, true);
  assert.equal(now.meta, "This conversation"); // not "Handled by" the agent reading it
  const offered = timelineView(contact(43, { status: "offered" }), "43", "en-GB");
  assert.equal(offered.current, true);
  assert.equal(offered.meta, "This conversation");
});

test("an earlier contact names its queue once and the agent who handled it", () => {
  const view = timelineView(contact(7, { agent_name: "Bob Okafor" }), 42, "en-GB");
  assert.equal(view.heading, "Chat \u00b7 23 Nov 2026");
  assert.equal(view.queue, "general");
  assert.equal(view.text, ""); // the summary "Chat in general" would say it all again
  assert.equal(view.meta, "Handled by Bob Okafor");
  assert.equal(view.current, false);

  const email = { ...contact(8, { subject: "Card declined abroad" }), channel: "email" };
  assert.equal(timelineView(email, null, "en-GB").text, "Card declined abroad");
  assert.equal(timelineView(contact(9, { status: "abandoned" }), null).meta, "Left before an agent answered");
  assert.equal(timelineView(contact(10, { status: "closed" }), null).meta, "");
});

test("a wrap-up shows the disposition as the queue labels it, then the notes", () => {
  const wrap = {
    kind: "disposition",
    at: AT,
    summary: "Wrap-up follow_up: Call back on Monday",
    data: { interaction_id: 7, code: "follow_up", label: "Follow-up needed", notes: "Call back on Monday" },
  };
  const view = timelineView(wrap, 7, "en-GB");
  assert.equal(view.heading, "Wrap-up \u00b7 23 Nov 2026");
  assert.equal(view.label, "Follow-up needed");
  assert.equal(view.text, "Call back on Monday");
  assert.equal(view.queue, "");
  assert.equal(view.current, false); // the wrap-up of the contact is not the contact
  assert.equal(timelineView({ ...wrap, data: { ...wrap.data, notes: "" } }, null).text, "");
});

test("a disposition without a label still reads as words, never as a code", () => {
  assert.equal(dispositionLabel({ code: "resolved", label: "Resolved" }), "Resolved");
  assert.equal(dispositionLabel({ code: "refund_issued", label: null }), "Refund issued");
  assert.equal(dispositionLabel({ code: "no_response" }), "No response");
  assert.equal(dispositionLabel(undefined), "");
});

test("case events and notes keep their summaries", () => {
  const note = { kind: "note", internal: true, at: AT, summary: "Refund approved", data: { author: "ann" } };
  const view = timelineView(note, 42, "en-GB");
  assert.equal(view.heading, "Internal note \u00b7 23 Nov 2026");
  assert.equal(view.text, "Refund approved");
  assert.equal(view.label, "");
  assert.equal(view.meta, "");
});
