// The desktop case list without a DOM: its API query, due times and row texts, how internal
// notes are told apart from replies to the customer, and the rules of working an opened case
// (which status changes to offer, which notes and replies may be sent, its SLA summary).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CASE_TRANSITIONS,
  CASE_VIEWS,
  ENTRY_KINDS,
  authorName,
  caseListQuery,
  caseRow,
  compactDuration,
  customerLabel,
  dueText,
  entryByline,
  entryLabel,
  entryRequest,
  nextStatuses,
  statusRequest,
} from "../../../../src/frontline/web/static/agent/case-list.js";

test("the filters ask the cases API for the view and the status", () => {
  assert.deepEqual(CASE_VIEWS.map((v) => v.view), ["mine", "team", "breaching_soon"]);
  assert.equal(caseListQuery(), "view=mine&limit=50");
  assert.equal(caseListQuery({ view: "breaching_soon", status: "on_hold" }),
    "view=breaching_soon&limit=50&status=on_hold");
  assert.equal(caseListQuery({ view: "team", cursor: "a b&c" }), "view=team&limit=50&cursor=a+b%26c");
});

test("durations stay short whether minutes or days", () => {
  assert.equal(compactDuration(30), "<1m");
  assert.equal(compactDuration(12 * 60 + 59), "12m");
  assert.equal(compactDuration(2 * 3600 + 5 * 60), "2h 05m");
  assert.equal(compactDuration(-(26 * 3600 + 10)), "1d 2h");
});

test("due times read ahead or overdue, and nothing without a clock", () => {
  const now = Date.parse("2024-03-01T12:00:00Z");
  assert.equal(dueText("2024-03-01T14:05:00Z", now), "in 2h 05m");
  assert.equal(dueText("2024-03-01T11:50:00Z", now), "overdue by 10m");
  assert.equal(dueText(null, now), "");
  assert.equal(dueText("not a time", now), "");
});

test("a row shows subject, customer, status, priority, tier, SLA colour and due time", () => {
  const now = Date.parse("2024-03-01T12:00:00Z");
  const row = caseRow({
    id: 7, customer_id: 42, customer_name: "Dana Whitfield", subject: "Card charged twice",
    status: "pending_customer", priority: "high", tier: 2,
    sla: { state: "warning", due_at: "2024-03-01T12:45:00Z" },
  }, now);
  assert.deepEqual(row, {
    id: 7, subject: "Card charged twice", customer: "Dana Whitfield", status: "Pending customer",
    priority: "High", tier: "Tier 2", sla: { text: "Breaching soon", tone: "warning" }, due: "in 45m",
  });
  const unclocked = caseRow({ id: 8, customer_id: 1, subject: "x", status: "new", priority: "low", tier: 1, sla: {} }, now);
  assert.deepEqual(unclocked.sla, { text: "No SLA", tone: "muted" });
  assert.equal(unclocked.due, "");
});

test("the customer is named, and only a summary without a name falls back to the id", () => {
  assert.equal(customerLabel({ customer_id: 3, customer_name: "  Élodie O'Brien " }), "Élodie O'Brien");
  const markup = '<img src=x onerror="alert(1)"> & Sons';
  assert.equal(customerLabel({ customer_id: 3, customer_name: markup }), markup); // text, as given
  assert.equal(customerLabel({ customer_id: 3, customer_name: null }), "Customer #3");
  assert.equal(customerLabel({ customer_id: 3, customer_name: "   " }), "Customer #3");
  assert.equal(customerLabel({ customer_id: 3 }), "Customer #3"); // an older server
});

test("internal notes are marked internal, replies are not", () => {
  assert.deepEqual(entryLabel({ kind: "internal_note", customer_visible: false }),
    { internal: true, label: "Internal note" });
  assert.deepEqual(entryLabel({ kind: "public_reply", customer_visible: true }),
    { internal: false, label: "Reply to customer" });
});

test("only the status changes the case table allows are offered; closed is final", () => {
  assert.deepEqual(nextStatuses("new").map((s) => s.value), ["open", "pending_customer", "on_hold", "resolved"]);
  assert.deepEqual(nextStatuses("pending_customer"), [
    { value: "open", label: "Open" }, { value: "on_hold", label: "On hold" }, { value: "resolved", label: "Resolved" },
  ]);
  assert.deepEqual(nextStatuses("resolved").map((s) => s.value), ["open", "closed"]);
  assert.deepEqual(nextStatuses("closed"), []);
  assert.deepEqual(nextStatuses("unheard_of"), []);
  for (const [from, targets] of Object.entries(CASE_TRANSITIONS)) {
    assert.ok(!targets.includes(from), `${from} must not offer itself`);
  }
});

test("a status change is sent only along the table, with a trimmed optional reason", () => {
  assert.deepEqual(statusRequest("open", "pending_customer"), { json: { status: "pending_customer" } });
  assert.deepEqual(statusRequest("open", "resolved", "  refund sent \n"),
    { json: { status: "resolved", reason: "refund sent" } });
  assert.deepEqual(statusRequest("closed", "open"), { error: "A closed case cannot become open." });
  assert.deepEqual(statusRequest("new", "closed"), { error: "A new case cannot become closed." });
  assert.match(statusRequest("open", "on_hold", "x".repeat(1001)).error, /at most 1000/);
  assert.ok(statusRequest("open", "on_hold", "\u{1F600}".repeat(1000)).json); // characters, not UTF-16 units
});

test("a note or reply needs words, a known kind and at most 50 000 characters", () => {
  assert.deepEqual(ENTRY_KINDS.map((k) => k.kind), ["internal_note", "public_reply"]);
  assert.deepEqual(entryRequest("internal_note", "  Called the bank.\n"),
    { json: { kind: "internal_note", body: "Called the bank." } });
  const markup = "<script>window.__pwned = 1</script>";
  assert.deepEqual(entryRequest("public_reply", markup), { json: { kind: "public_reply", body: markup } });
  assert.deepEqual(entryRequest("internal_note", " \n\t "), { error: "Write something first." });
  assert.deepEqual(entryRequest("internal_note", undefined), { error: "Write something first." });
  assert.deepEqual(entryRequest("customer_message", "hi"), { error: "Choose a note or a reply." });
  assert.deepEqual(entryRequest(undefined, "hi"), { error: "Choose a note or a reply." });
  assert.ok(entryRequest("internal_note", "a".repeat(50_000)).json);
  assert.equal(entryRequest("internal_note", "a".repeat(50_001)).error, "Too long: 50001 characters, at most 50000.");
});

test("an entry's author reads as the server's name, never as a bare user label if it can help it", () => {
  assert.equal(authorName({ author: "user:3", author_name: "Ann Smith" }), "Ann Smith");
  assert.equal(authorName({ author: "user:4", author_name: "  ben  " }), "ben");
  assert.equal(authorName({ author: "system", author_name: "System" }), "System");
  assert.equal(authorName({ author: "system" }), "System"); // an older server sent no name
  assert.equal(authorName({ author: "user:9", author_name: "" }), "user:9");
  assert.equal(authorName({ author: "user:9", author_name: null }), "user:9");
  assert.equal(authorName({}), "");
  const markup = '<img src=x onerror="alert(1)">'; // data, returned as text for a text node
  assert.equal(authorName({ author: "user:5", author_name: markup }), markup);
});

test("an entry's byline is the author and the time, whichever are known", () => {
  const at = "2024-03-04T09:00:00+00:00";
  assert.equal(entryByline({ author_name: "Ann Smith", at }), `Ann Smith \u00b7 ${new Date(at).toLocaleString()}`);
  assert.equal(entryByline({ author_name: "Ann Smith" }), "Ann Smith");
  assert.equal(entryByline({ author_name: "Ann Smith", at: "not a time" }), "Ann Smith");
  assert.equal(entryByline({ at }), new Date(at).toLocaleString());
});
