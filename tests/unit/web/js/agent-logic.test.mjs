// Agent desktop rules without a DOM: offer deadlines, disposition options, initials.
import assert from "node:assert/strict";
import { test } from "node:test";

import { offerDeadline } from "../../../../src/frontline/web/static/agent/offers.js";
import { initials } from "../../../../src/frontline/web/static/lib/format.js";
import { stateLabel } from "../../../../src/frontline/web/static/agent/state-bar.js";
import { dispositionOptions } from "../../../../src/frontline/web/static/agent/wrapup.js";

const received = Date.parse("2025-03-01T12:00:00Z");

test("an offer's countdown ends at the server's expiry when it is sooner", () => {
  const offer = { timeout_s: 30, expires_at: "2025-03-01T12:00:20Z" };
  assert.equal(offerDeadline(offer, received), received + 20000);
});

test("a skewed expiry never promises more than the offer's own timeout", () => {
  const offer = { timeout_s: 30, expires_at: "2025-03-01T12:05:00Z" };
  assert.equal(offerDeadline(offer, received), received + 30000);
  assert.equal(offerDeadline({ timeout_s: 15 }, received), received + 15000);
});

test("dispositions become options from codes, objects or a code-to-label map", () => {
  assert.deepEqual(dispositionOptions(["follow_up"]), [{ value: "follow_up", label: "Follow up" }]);
  assert.deepEqual(dispositionOptions([{ code: "resolved", label: "Resolved" }]), [
    { value: "resolved", label: "Resolved" },
  ]);
  assert.deepEqual(dispositionOptions({ spam: "Spam or abuse" }), [
    { value: "spam", label: "Spam or abuse" },
  ]);
  assert.deepEqual(dispositionOptions(undefined), []);
});


test("the state pill names the break reason", () => {
  assert.equal(stateLabel("available"), "Ready");
  assert.equal(stateLabel("break", "lunch"), "Break \u00b7 Lunch");
  assert.equal(stateLabel("not_ready"), "Not ready");
});

test("avatar initials use letters only, at most two", () => {
  assert.equal(initials("Frances (simulated)"), "FS");
  assert.equal(initials("  ada   lovelace byron "), "AL");
  assert.equal(initials("Émile Zola"), "ÉZ");
  assert.equal(initials("(123) 456"), "?");
  assert.equal(initials(""), "?");
});
