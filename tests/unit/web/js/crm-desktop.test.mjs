// CRM pieces of the agent desktop without a DOM: script answers, KB snippets, SLA badges and
// timeline headings.
import assert from "node:assert/strict";
import { test } from "node:test";

import { slaBadge } from "../../../../src/frontline/web/static/agent/cases.js";
import { timelineHeading } from "../../../../src/frontline/web/static/agent/customer-panel.js";
import { snippetParts } from "../../../../src/frontline/web/static/agent/kb-search.js";
import { answerFor, pendingNote } from "../../../../src/frontline/web/static/agent/script-runner.js";

test("a compliance statement is answered only by confirming it", () => {
  const statement = { id: "dpa", kind: "statement" };
  assert.deepEqual(answerFor(statement, true), { value: true });
  assert.ok(answerFor(statement, false).error.includes("Confirm"));
  assert.deepEqual(answerFor({ kind: "info" }, undefined), { value: null });
  assert.deepEqual(answerFor({ kind: "question" }, " refund "), { value: "refund" });
  assert.deepEqual(answerFor({ kind: "question" }, "  "), { error: "Choose an answer." });
  assert.ok(answerFor({ kind: "text" }, "").error.includes("Type"));
});

test("pending mandatory steps are named", () => {
  assert.equal(pendingNote([]), "");
  assert.equal(pendingNote(["dpa"]), "1 mandatory step pending: dpa");
  assert.equal(pendingNote(["dpa", "consent"]), "2 mandatory steps pending: dpa, consent");
});

test("KB snippets become text and marked pieces, entities decoded, nothing parsed as HTML", () => {
  const parts = snippetParts("Block a &lt;b&gt;lost&lt;/b&gt; <mark>card</mark> &amp; order <mark>new</mark>");
  assert.deepEqual(parts, [
    { text: "Block a <b>lost</b> ", mark: false },
    { text: "card", mark: true },
    { text: " & order ", mark: false },
    { text: "new", mark: true },
  ]);
  assert.deepEqual(snippetParts(""), []);
});

test("SLA badges say whether a case is on track", () => {
  assert.deepEqual(slaBadge({ state: "warning" }), { text: "Breaching soon", tone: "warning" });
  assert.deepEqual(slaBadge({ state: null }), { text: "No SLA", tone: "muted" });
  assert.equal(slaBadge({ state: "breached" }).text, "Breached");
});

test("timeline headings name the channel, internal notes and the date", () => {
  const chat = { kind: "interaction", channel: "chat", at: "2024-03-03T10:00:00Z" };
  assert.equal(timelineHeading(chat, "en-GB"), "Chat \u00b7 3 Mar 2024");
  const note = { kind: "note", internal: true, at: "2024-03-04T10:00:00Z" };
  assert.equal(timelineHeading(note, "en-GB"), "Internal note \u00b7 4 Mar 2024");
  assert.equal(timelineHeading({ kind: "disposition", at: "bad" }), "Wrap-up");
});
