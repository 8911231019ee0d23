// The desktop case list without a DOM: its API query, due times and row texts, and how
// internal notes are told apart from replies to the customer.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CASE_VIEWS,
  caseListQuery,
  caseRow,
  compactDuration,
  customerLabel,
  dueText,
  entryLabel,
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
