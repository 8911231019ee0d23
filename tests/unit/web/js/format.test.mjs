// Formatting helpers: durations, percentages, readable codes.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  emailBreakParts,
  formatCount,
  formatDuration,
  formatPercent,
  humanise,
  secondsSince,
  secondsUntil,
} from "../../../../src/frontline/web/static/lib/format.js";

test("durations read m:ss below an hour and h:mm:ss above", () => {
  assert.equal(formatDuration(0), "0:00");
  assert.equal(formatDuration(59.9), "0:59");
  assert.equal(formatDuration(95), "1:35");
  assert.equal(formatDuration(3600), "1:00:00");
  assert.equal(formatDuration(7322), "2:02:02");
  assert.equal(formatDuration(-5), "0:00");
  assert.equal(formatDuration(null), "\u2014");
  assert.equal(formatDuration("abc"), "\u2014");
});

test("ratios become whole percentages; null stays a dash, not 0%", () => {
  assert.equal(formatPercent(0.8349), "83%");
  assert.equal(formatPercent(1), "100%");
  assert.equal(formatPercent(0), "0%");
  assert.equal(formatPercent(null), "\u2014");
  assert.equal(formatCount(undefined), "\u2014");
  assert.equal(formatCount(12), "12");
});

test("elapsed and remaining seconds from ISO timestamps", () => {
  const now = Date.parse("2025-01-01T10:00:00Z");
  assert.equal(secondsSince("2025-01-01T09:58:30Z", now), 90);
  assert.equal(secondsSince("2025-01-01T10:00:05Z", now), 0);
  assert.equal(secondsUntil("2025-01-01T10:00:30Z", now), 30);
  assert.equal(secondsUntil("2025-01-01T09:00:00Z", now), 0);
  assert.equal(secondsSince("not a time", now), null);
});

test("API codes become readable labels", () => {
  assert.equal(humanise("not_ready"), "Not ready");
  assert.equal(humanise("card-replaced"), "Card replaced");
  assert.equal(humanise(""), "");
});

test("an address breaks after its @, and only where both sides are non-empty", () => {
  assert.deepEqual(emailBreakParts("dana.browser@example.com"), ["dana.browser@", "example.com"]);
  assert.deepEqual(emailBreakParts("a@b@example.com"), ["a@b@", "example.com"]);
  assert.deepEqual(emailBreakParts("@example.com"), ["@example.com"]);
  assert.deepEqual(emailBreakParts("dana@"), ["dana@"]);
  assert.deepEqual(emailBreakParts(null), [""]);
});
