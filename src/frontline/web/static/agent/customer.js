// The customer side panel: who this is and what happened the last times they got in touch, so
// the agent does not ask again what the customer already told a colleague.

import { api, el, replaceChildren } from "../common.js";
import { humanise } from "../lib/format.js";

const HISTORY_SHOWN = 10;
const NOTHING_SELECTED =
  "Select a conversation to see the customer's details and previous interactions.";

/** The list inside an answer that may be a bare list or a page ({items: [...]}). */
export function listOf(answer) {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer.items)) return answer.items;
  if (answer && Array.isArray(answer.interactions)) return answer.interactions;
  return [];
}

function formatDate(iso) {
  const at = new Date(iso);
  if (!iso || Number.isNaN(at.getTime())) return "";
  return at.toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" });
}

export class CustomerPanel {
  constructor(root) {
    this.body = root.querySelector("[data-role=customer-body]");
    this.cache = new Map();
    this.showing = null;
  }

  /** Show the customer of `conversation` (or the empty hint when none is selected). */
  async show(conversation) {
    const customer = conversation ? conversation.customer : null;
    this.showing = conversation;
    if (!customer) {
      replaceChildren(this.body, el("p", { class: "muted" }, NOTHING_SELECTED));
      return;
    }
    const history = el("ol", { class: "history", "aria-label": "Previous interactions" });
    replaceChildren(
      this.body,
      el("div", { class: "customer-card" },
        el("div", { class: "avatar", "aria-hidden": "true" }, initials(customer.name)),
        el("div", {}, el("p", { class: "customer-name" }, customer.name || "Unknown customer"),
          customer.email ? el("p", { class: "muted" }, customer.email) : null)),
      el("h3", {}, "Previous interactions"),
      history,
    );
    if (customer.id === undefined || customer.id === null) {
      history.appendChild(el("li", { class: "muted" }, "No customer record is linked to this chat."));
      return;
    }
    history.appendChild(el("li", { class: "muted" }, "Loading\u2026"));
    const items = await this.load(customer.id);
    if (this.showing !== conversation) return;
    const previous = (items || [])
      .filter((item) => String(item.id) !== conversation.id)
      .slice(0, HISTORY_SHOWN);
    if (previous.length) {
      replaceChildren(history, previous.map(historyItem));
    } else {
      const why = items === null ? "Could not load the history." : "First contact: no previous interactions.";
      replaceChildren(history, el("li", { class: "muted" }, why));
    }
  }

  async load(customerId) {
    const key = String(customerId);
    if (!this.cache.has(key)) {
      try {
        this.cache.set(key, listOf(await api(`/api/v1/customers/${encodeURIComponent(key)}/interactions`)));
      } catch {
        return null;
      }
    }
    return this.cache.get(key);
  }
}

function initials(name) {
  const words = String(name || "?").trim().split(/\s+/).slice(0, 2);
  const letters = words.map((word) => word.charAt(0).toUpperCase());
  return letters.join("") || "?";
}

function historyItem(item) {
  const when = formatDate(item.started_at || item.created_at || item.at || item.ended_at);
  const heading = [humanise(item.channel || ""), item.queue].filter(Boolean).join(" \u00b7 ");
  const summary = item.summary || item.first_message || item.subject || "";
  const agent = item.agent_name || item.agent;
  return el(
    "li",
    { class: "history-item" },
    el(
      "div",
      { class: "history-head" },
      el("span", { class: "history-what" }, heading || "Interaction"),
      el("time", { datetime: item.started_at || item.created_at || "" }, when),
    ),
    item.disposition ? el("span", { class: "tag" }, humanise(item.disposition)) : null,
    agent ? el("span", { class: "muted history-agent" }, `with ${agent}`) : null,
    summary ? el("p", { class: "history-summary" }, summary) : null,
    item.notes ? el("p", { class: "history-notes" }, item.notes) : null,
  );
}
