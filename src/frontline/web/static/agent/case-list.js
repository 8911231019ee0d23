// The desktop's case list: the agent's own cases, the team's, those about to breach their SLA,
// or any view narrowed by status, from GET /api/v1/cases. A row opens the case with its notes
// and replies; internal notes are marked so they are never mistaken for what the customer saw.

import { api, el, replaceChildren } from "../common.js";
import { humanise } from "../lib/format.js";
import { slaBadge } from "./cases.js";

export const CASE_VIEWS = [
  { view: "mine", label: "Mine" },
  { view: "team", label: "My team" },
  { view: "breaching_soon", label: "Breaching soon" },
];
export const CASE_STATUSES = ["new", "open", "pending_customer", "on_hold", "resolved", "closed"];

/** The query string for a view, an optional status and a page cursor. */
export function caseListQuery({ view = "mine", status = "", cursor = null, limit = 50 } = {}) {
  const params = new URLSearchParams({ view, limit: String(limit) });
  if (status) params.append("status", status);
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}

/** A span of seconds as "2d 3h", "2h 05m", "12m" or "<1m": SLA clocks run for days. */
export function compactDuration(seconds) {
  const minutes = Math.floor(Math.abs(seconds) / 60);
  if (minutes < 1) return "<1m";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
  return `${minutes}m`;
}

/** "in 2h 05m", "overdue by 10m", or "" when no SLA clock runs, relative to `nowMs`. */
export function dueText(dueAt, nowMs) {
  const due = dueAt ? Date.parse(dueAt) : NaN;
  if (Number.isNaN(due)) return "";
  const seconds = (due - nowMs) / 1000;
  return seconds >= 0 ? `in ${compactDuration(seconds)}` : `overdue by ${compactDuration(seconds)}`;
}

/**
 * Who the case is about: the customer's name from the directory, or "Customer #id" when the
 * summary carries none. The result is plain text; rowNode puts it in the page as a text node.
 */
export function customerLabel(summary) {
  const name = typeof summary.customer_name === "string" ? summary.customer_name.trim() : "";
  return name || `Customer #${summary.customer_id}`;
}

/** What one row of the list shows for a case summary from the API. */
export function caseRow(summary, nowMs) {
  const sla = summary.sla || {};
  return {
    id: summary.id,
    subject: summary.subject,
    customer: customerLabel(summary),
    status: humanise(summary.status),
    priority: humanise(summary.priority),
    tier: `Tier ${summary.tier}`,
    sla: slaBadge(sla),
    due: dueText(sla.due_at, nowMs),
  };
}

/** How a case entry is labelled: internal notes stand out from replies to the customer. */
export function entryLabel(entry) {
  const internal = entry.kind === "internal_note" || entry.customer_visible === false;
  return { internal, label: internal ? "Internal note" : "Reply to customer" };
}

export class CaseList {
  constructor(root) {
    this.root = root;
    this.rows = root.querySelector("[data-role=case-rows]");
    this.detail = root.querySelector("[data-role=case-detail]");
    this.statusSelect = root.querySelector("[data-testid=case-filter-status]");
    this.message = root.querySelector("[data-role=case-message]");
    this.buttons = [...root.querySelectorAll("[data-view-filter]")];
    this.view = "mine";
    this.request = 0;
    for (const button of this.buttons) {
      button.addEventListener("click", () => this.choose(button.dataset.viewFilter));
    }
    this.statusSelect.addEventListener("change", () => this.load());
  }

  choose(view) {
    this.view = view;
    for (const button of this.buttons) {
      button.setAttribute("aria-pressed", String(button.dataset.viewFilter === view));
    }
    this.load();
  }

  async load() {
    const request = ++this.request; // a slow answer to an older filter must not win
    this.message.textContent = "Loading cases\u2026";
    try {
      const query = caseListQuery({ view: this.view, status: this.statusSelect.value });
      const page = await api(`/api/v1/cases?${query}`);
      if (request !== this.request) return;
      const items = page.items || [];
      this.message.textContent = items.length ? "" : "No cases in this view.";
      const now = Date.now();
      replaceChildren(this.rows, items.map((summary) => this.rowNode(caseRow(summary, now))));
    } catch (failure) {
      if (request !== this.request) return;
      replaceChildren(this.rows);
      this.message.textContent = `Cases are not available: ${failure.message}`;
    }
  }

  rowNode(row) {
    const open = () => this.open(row.id);
    return el("tr", {
      class: "case-row", tabindex: 0, dataset: { testid: `case-row-${row.id}` }, onclick: open,
      onkeydown: (event) => { if (event.key === "Enter") open(); },
    },
    el("td", { class: "case-subject" }, `#${row.id} ${row.subject}`),
    el("td", { class: "case-customer" }, row.customer),
    el("td", {}, row.status), el("td", {}, row.priority), el("td", {}, row.tier),
    el("td", {}, el("span", { class: `tag sla-${row.sla.tone}` }, row.sla.text)),
    el("td", { class: "muted" }, row.due));
  }

  async open(caseId) {
    replaceChildren(this.detail, el("p", { class: "muted" }, "Loading the case\u2026"));
    try {
      const found = await api(`/api/v1/cases/${encodeURIComponent(caseId)}`);
      replaceChildren(this.detail, this.detailNodes(found));
    } catch (failure) {
      replaceChildren(this.detail, el("p", { class: "form-error" }, failure.message || "Could not load the case."));
    }
  }

  detailNodes(found) {
    const entries = (found.entries || []).map((entry) => {
      const { internal, label } = entryLabel(entry);
      return el("li", { class: internal ? "case-entry internal" : "case-entry", dataset: { testid: "case-entry" } },
        el("span", { class: internal ? "tag tag-internal" : "tag" }, label),
        el("span", { class: "muted" }, ` ${entry.author || ""} ${entry.at ? new Date(entry.at).toLocaleString() : ""}`),
        el("p", { class: "case-entry-body" }, entry.body));
    });
    return [
      el("h3", { dataset: { testid: "case-detail-subject" } }, `#${found.id} ${found.subject}`),
      el("p", { class: "muted" },
        `${humanise(found.status)} \u00b7 ${humanise(found.priority)} \u00b7 Tier ${found.tier}`),
      found.description ? el("p", {}, found.description) : null,
      el("ul", { class: "case-entries" }, entries.length ? entries : el("li", { class: "muted" }, "No notes or replies yet.")),
    ];
  }
}
