// Offer toasts: who is asking, on which channel and queue, what they wrote first, and how long
// is left to answer. The countdown trusts the server's expiry but never shows more than the
// offer's own timeout, so a skewed client clock cannot promise time the router will not give.

import { api, ApiError, el, notify } from "../common.js";
import { humanise } from "../lib/format.js";

const REVOKED_TEXT = {
  timeout: "The offer timed out and went to the next agent.",
  declined: "Offer declined.",
  abandoned: "The customer left before the chat was answered.",
};

/** Milliseconds-since-epoch deadline for an offer received at `receivedMs`. */
export function offerDeadline(offer, receivedMs) {
  const timeoutMs = Math.max(0, Number(offer.timeout_s) || 30) * 1000;
  const byTimeout = receivedMs + timeoutMs;
  const byExpiry = Date.parse(offer.expires_at);
  return Number.isNaN(byExpiry) ? byTimeout : Math.min(byTimeout, byExpiry);
}

function offerButton(text, key, testid, className) {
  const attrs = { class: className, type: "button", accesskey: key, dataset: { testid } };
  return el("button", { ...attrs, title: `${text} (access key ${key.toUpperCase()})` }, text);
}

/** What the self-service flow learnt before the hand-off: the intent and the answers given. */
export function flowSummaryLines(context) {
  if (!context || typeof context !== "object") return [];
  const lines = [];
  if (context.intent) lines.push(`Intent: ${humanise(context.intent)}`);
  for (const answer of Array.isArray(context.answers) ? context.answers : []) {
    if (answer && answer.label) lines.push(`${answer.label}: ${answer.value}`);
  }
  if (context.reason) lines.push(`Bot: ${context.reason}`);
  return lines;
}

function flowSummary(context) {
  const lines = flowSummaryLines(context);
  if (!lines.length) return null;
  return el(
    "ul",
    { class: "offer-flow muted", dataset: { testid: "offer-flow" }, "aria-label": "From the bot" },
    ...lines.map((line) => el("li", {}, line)),
  );
}

export class OfferTray {
  constructor(root, { onAccepted }) {
    this.root = root;
    this.onAccepted = onAccepted;
    this.offers = new Map();
    setInterval(() => this.tick(), 250);
  }

  has(interactionId) {
    return this.offers.has(String(interactionId));
  }

  show(offer) {
    const key = String(offer.interaction_id);
    if (this.offers.has(key)) {
      return;
    }
    const receivedMs = Date.now();
    const deadline = offerDeadline(offer, receivedMs);
    const totalMs = Math.max(1, deadline - receivedMs);
    const customer = offer.customer || {};
    const bar = el("div", { class: "countdown-fill" });
    const seconds = el("span", { class: "countdown-text", "aria-live": "off" });
    const accept = offerButton("Accept", "a", "offer-accept", "button success");
    const decline = offerButton("Decline", "d", "offer-decline", "button");
    const card = el(
      "article",
      { class: "offer", dataset: { testid: "offer", interactionId: key }, "aria-label": "New offer" },
      el(
        "header",
        { class: "offer-head" },
        el("span", { class: `channel-badge channel-${offer.channel}` }, humanise(offer.channel)),
        el("span", { class: "offer-queue" }, offer.queue ? `Queue: ${offer.queue}` : ""),
        seconds,
      ),
      el("h3", { class: "offer-name" }, customer.name || "Customer"),
      customer.email ? el("p", { class: "offer-email muted" }, customer.email) : null,
      offer.first_message ? el("blockquote", { class: "offer-message" }, offer.first_message) : null,
      flowSummary(offer.flow_context),
      el("div", { class: "countdown", role: "presentation" }, bar),
      el("div", { class: "offer-actions" }, decline, accept),
    );
    accept.addEventListener("click", () => this.accept(key, card));
    decline.addEventListener("click", () => this.decline(key, card));
    this.offers.set(key, { card, bar, seconds, deadline, totalMs, accept, decline });
    this.root.prepend(card);
    this.tick();
    this.updateTitle();
  }

  revoke(interactionId, reason) {
    const key = String(interactionId);
    if (this.remove(key) && REVOKED_TEXT[reason] && reason !== "declined") {
      notify(REVOKED_TEXT[reason], "warning");
    }
  }

  remove(key) {
    const entry = this.offers.get(key);
    if (!entry) {
      return false;
    }
    entry.card.remove();
    this.offers.delete(key);
    this.updateTitle();
    return true;
  }

  clear() {
    for (const key of [...this.offers.keys()]) {
      this.remove(key);
    }
  }

  tick() {
    const now = Date.now();
    for (const [key, entry] of this.offers) {
      const leftMs = Math.max(0, entry.deadline - now);
      entry.bar.style.transform = `scaleX(${(leftMs / entry.totalMs).toFixed(4)})`;
      entry.seconds.textContent = `${Math.ceil(leftMs / 1000)} s`;
      entry.card.classList.toggle("offer-urgent", leftMs < 5000);
      if (leftMs === 0 && !entry.expired) {
        entry.expired = true;
        entry.accept.disabled = true;
        entry.decline.disabled = true;
        setTimeout(() => this.remove(key), 1500);
      }
    }
  }

  updateTitle() {
    const base = document.title.replace(/^\(\d+\) /, "");
    document.title = this.offers.size ? `(${this.offers.size}) ${base}` : base;
  }

  async accept(key, card) {
    card.querySelectorAll("button").forEach((button) => (button.disabled = true));
    try {
      const answer = await api(`/api/v1/interactions/${encodeURIComponent(key)}/accept`, {
        method: "POST",
      });
      this.remove(key);
      this.onAccepted(answer && answer.interaction ? answer.interaction : { id: key });
    } catch (failure) {
      this.remove(key);
      const gone = failure instanceof ApiError && failure.status === 409;
      notify(gone ? "That offer is no longer available." : "Could not accept the offer.", "error");
    }
  }

  async decline(key, card) {
    card.querySelectorAll("button").forEach((button) => (button.disabled = true));
    try {
      await api(`/api/v1/interactions/${encodeURIComponent(key)}/decline`, { method: "POST" });
    } catch {
      // a decline that fails because the offer already expired has the same outcome
    }
    this.remove(key);
  }
}
