// Threshold colours and formatting of the wallboard, checked against hand-worked cases.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  longestWaitStatus,
  normaliseTarget,
  serviceLevelStatus,
  worstStatus,
} from "../../../../src/frontline/web/static/lib/thresholds.js";
import { queueCells, totals } from "../../../../src/frontline/web/static/lib/wallboard-model.js";

test("service level under target is red, just above amber, well above green", () => {
  assert.equal(serviceLevelStatus(0.79, 0.8), "red");
  assert.equal(serviceLevelStatus(0.8, 0.8), "amber");
  assert.equal(serviceLevelStatus(0.849, 0.8), "amber");
  assert.equal(serviceLevelStatus(0.85, 0.8), "green");
  assert.equal(serviceLevelStatus(1, 0.8), "green");
});

test("a target given in percent means the same as a ratio", () => {
  assert.equal(normaliseTarget(80), 0.8);
  assert.equal(normaliseTarget(0.8), 0.8);
  assert.equal(serviceLevelStatus(0.71, 80), "red");
  assert.equal(normaliseTarget(null), null);
});

test("no service level (nothing offered) or no target has no colour", () => {
  assert.equal(serviceLevelStatus(null, 0.8), "none");
  assert.equal(serviceLevelStatus(0.9, undefined), "none");
});

test("longest wait turns amber at 75% of the threshold and red past it", () => {
  assert.equal(longestWaitStatus(10, 20), "green");
  assert.equal(longestWaitStatus(15, 20), "amber");
  assert.equal(longestWaitStatus(20, 20), "amber");
  assert.equal(longestWaitStatus(21, 20), "red");
  assert.equal(longestWaitStatus(21, null), "none");
  assert.equal(longestWaitStatus(null, 20), "none");
});

test("worst status ranks red over amber over green over none", () => {
  assert.equal(worstStatus(["green", "red", "amber"]), "red");
  assert.equal(worstStatus(["none", "amber", "green"]), "amber");
  assert.equal(worstStatus([]), "none");
});

const billing = {
  name: "billing",
  waiting: 5,
  longest_wait_s: 95,
  offered: 188,
  answered: 170,
  abandoned: 18,
  service_level: 0.82,
  asa_s: 28.4,
  aht_s: 421,
  abandon_rate: 18 / 188,
  sl_target: 0.8,
  sl_threshold_s: 30,
  rolling_30m: { offered: 22, answered: 19, abandoned: 3, service_level: 0.77, asa_s: 35, aht_s: 440, abandon_rate: 3 / 22 },
};

test("queue cells show today's figures, formatted, with their colours", () => {
  const cells = Object.fromEntries(queueCells(billing, "today").map((c) => [c.metric, c]));
  assert.deepEqual(
    Object.keys(cells),
    ["waiting", "longest_wait", "offered", "answered", "abandoned", "service_level", "asa", "aht", "abandon_rate"],
  );
  assert.equal(cells.longest_wait.text, "1:35");
  assert.equal(cells.longest_wait.status, "red");
  assert.equal(cells.service_level.text, "82%");
  assert.equal(cells.service_level.status, "amber");
  assert.equal(cells.aht.text, "7:01");
  assert.equal(cells.abandon_rate.text, "10%");
});

test("the rolling period swaps in the 30-minute counters but keeps live waiting figures", () => {
  const cells = Object.fromEntries(queueCells(billing, "rolling_30m").map((c) => [c.metric, c]));
  assert.equal(cells.offered.text, "22");
  assert.equal(cells.service_level.text, "77%");
  assert.equal(cells.service_level.status, "red");
  assert.equal(cells.waiting.text, "5");
  assert.equal(cells.longest_wait.text, "1:35");
});

test("total service level weights each queue by its offered contacts", () => {
  const other = { ...billing, name: "general", offered: 12, service_level: 0.5, longest_wait_s: 3, waiting: 1 };
  const sum = totals({ queues: [billing, other], agents: [] }, "today");
  // (0.82 * 188 + 0.5 * 12) / 200 = 0.8008
  assert.ok(Math.abs(sum.serviceLevel - 0.8008) < 1e-9);
  assert.equal(sum.waiting, 6);
  assert.equal(sum.longestWait, 95);
  assert.equal(sum.longestWaitStatus, "red");
});

test("agent counts by state ignore offline agents for logged-in", () => {
  const agents = [
    { state: "available" }, { state: "busy" }, { state: "wrap_up" }, { state: "break" }, { state: "offline" },
  ];
  const sum = totals({ queues: [], agents }, "today");
  assert.deepEqual([sum.ready, sum.handling, sum.away, sum.loggedIn], [1, 2, 1, 4]);
  assert.equal(sum.serviceLevel, null);
});
