// The desktop's case list: the agent's own cases, the team's, those about to breach their SLA,
// or any view narrowed by status, from GET /api/v1/cases. A row opens the case with its SLA,
// notes and replies; internal notes are marked so they are never mistaken for what the customer
// saw. The open case is worked in place: add a note or a reply, move it to its next status.

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

/**
 * Who wrote an entry, as a person reads it: the server's `author_name` (display name, else
 * username, "System"), or the raw label when an older server sent none. Plain text: the pane
 * puts it in a text node, so a display name can never become markup.
 */
export function authorName(entry) {
  const name = typeof entry.author_name === "string" ? entry.author_name.trim() : "";
  if (name) return name;
  if (entry.author === "system") return "System";
  return typeof entry.author === "string" ? entry.author : "";
}

/** The muted line under an entry's tag: who wrote it and when, in the reader's locale. */
export function entryByline(entry) {
  const when = entry.at && !Number.isNaN(Date.parse(entry.at)) ? new Date(entry.at).toLocaleString() : "";
  return [authorName(entry), when].filter(Boolean).join(" \u00b7 ");
}

/**
 * The legal status changes, the same table as `frontline.domain.crm.case_status`
 * (a unit test compares the two). The API has no endpoint for it, and offering only the steps
 * the server accepts spares the agent a refusal; a 409 still comes back, and is shown, when
 * the case moved on elsewhere or a mandatory script step is open.
 */
export const CASE_TRANSITIONS = {
  new: ["open", "pending_customer", "on_hold", "resolved"],
  open: ["pending_customer", "on_hold", "resolved"],
  pending_customer: ["open", "on_hold", "resolved"],
  on_hold: ["open", "pending_customer", "resolved"],
  resolved: ["open", "closed"],
  closed: [],
};
export const ENTRY_KINDS = [
  { kind: "internal_note", label: "Internal note" },
  { kind: "public_reply", label: "Reply to customer" },
];
const MAX_ENTRY_BODY = 50_000; // the server's MAX_BODY and MAX_REASON, counted in characters
const MAX_REASON = 1_000;

/** The statuses a case in `status` may move to, as {value, label}, in the table's order. */
export function nextStatuses(status) {
  return (CASE_TRANSITIONS[status] || []).map((value) => ({ value, label: humanise(value) }));
}

/**
 * The body of POST /cases/{id}/entries for what the agent typed, or the reason it cannot be
 * sent: {json} or {error}. Checked here so an empty note costs no round trip.
 */
export function entryRequest(kind, text) {
  if (!ENTRY_KINDS.some((k) => k.kind === kind)) return { error: "Choose a note or a reply." };
  const body = String(text ?? "").trim();
  if (!body) return { error: "Write something first." };
  const length = [...body].length;
  if (length > MAX_ENTRY_BODY) {
    return { error: `Too long: ${length} characters, at most ${MAX_ENTRY_BODY}.` };
  }
  return { json: { kind, body } };
}

/** The body of POST /cases/{id}/status, or {error} when no legal step or the reason is too long. */
export function statusRequest(current, target, reason = "") {
  if (!(CASE_TRANSITIONS[current] || []).includes(target)) {
    return { error: `A ${humanise(current).toLowerCase()} case cannot become ${humanise(target).toLowerCase()}.` };
  }
  const why = String(reason ?? "").trim();
  if ([...why].length > MAX_REASON) return { error: `The reason is too long (at most ${MAX_REASON} characters).` };
  return { json: why ? { status: target, reason: why } : { status: target } };
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
    this.openedId = null; // the case in the pane: answers about any other are dropped
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
    const opened = row.id === this.openedId;
    return el("tr", {
      class: opened ? "case-row is-open" : "case-row", tabindex: 0, "aria-current": opened ? "true" : null,
      dataset: { testid: `case-row-${row.id}` }, onclick: open,
      onkeydown: (event) => { if (event.key === "Enter") open(); },
    },
    el("td", { class: "case-subject" }, `#${row.id} ${row.subject}`),
    el("td", { class: "case-customer" }, row.customer),
    el("td", { dataset: { cell: "status" } }, row.status), el("td", {}, row.priority), el("td", {}, row.tier),
    el("td", { dataset: { cell: "sla" } }, el("span", { class: `tag sla-${row.sla.tone}` }, row.sla.text)),
    el("td", { class: "muted" }, row.due));
  }

  async open(caseId) {
    this.openedId = caseId;
    for (const tr of this.rows.querySelectorAll(".case-row")) {
      const opened = tr.dataset.testid === `case-row-${caseId}`;
      tr.classList.toggle("is-open", opened);
      if (opened) tr.setAttribute("aria-current", "true"); else tr.removeAttribute("aria-current");
    }
    replaceChildren(this.detail, el("p", { class: "muted" }, "Loading the case\u2026"));
    try {
      const found = await api(`/api/v1/cases/${encodeURIComponent(caseId)}`);
      if (this.openedId === caseId) this.show(found);
    } catch (failure) {
      if (this.openedId !== caseId) return;
      replaceChildren(this.detail, el("p", { class: "form-error" }, failure.message || "Could not load the case."));
    }
  }

  /** Draw `found` in the pane; `notice` ({status} or {entry}) is a refusal to keep on show. */
  show(found, notice = {}) {
    replaceChildren(this.detail, this.detailNodes(found, notice));
  }

  detailNodes(found, notice = {}) {
    const entries = (found.entries || []).map((entry) => {
      const { internal, label } = entryLabel(entry);
      return el("li", { class: internal ? "case-entry internal" : "case-entry", dataset: { testid: "case-entry" } },
        el("span", { class: internal ? "tag tag-internal" : "tag" }, label),
        el("span", { class: "muted", dataset: { testid: "case-entry-byline" } }, ` ${entryByline(entry)}`),
        el("p", { class: "case-entry-body" }, entry.body));
    });
    return [
      el("h3", { dataset: { testid: "case-detail-subject" } }, `#${found.id} ${found.subject}`),
      el("p", { class: "muted", dataset: { testid: "case-detail-status" } },
        `${humanise(found.status)} \u00b7 ${humanise(found.priority)} \u00b7 Tier ${found.tier}`),
      this.slaNode(found.sla),
      found.description ? el("p", {}, found.description) : null,
      this.statusForm(found, notice.status),
      el("h4", { class: "case-detail-heading" }, "Notes and replies"),
      el("ul", { class: "case-entries" }, entries.length ? entries : el("li", { class: "muted" }, "No notes or replies yet.")),
      this.entryForm(found, notice.entry),
    ];
  }

  slaNode(sla) {
    const summary = sla || {}; // state and due_at summarised by the server, as for the list row
    const badge = slaBadge(summary);
    const due = dueText(summary.due_at, Date.now());
    const dueAt = summary.due_at ? new Date(summary.due_at).toLocaleString() : "";
    const when = due.startsWith("in ") ? `due ${due} \u00b7 ${dueAt}` : `${due} \u00b7 was due ${dueAt}`;
    return el("p", { class: "case-detail-sla", dataset: { testid: "case-detail-sla" } },
      el("span", { class: "muted" }, "SLA "),
      el("span", { class: `tag sla-${badge.tone}` }, badge.text),
      due ? el("span", { class: "muted" }, when) : null);
  }

  statusForm(found, refusal) {
    const choices = nextStatuses(found.status);
    const error = el("p", { class: "form-error", role: "alert", dataset: { testid: "case-status-error" } }, refusal || "");
    if (!choices.length) {
      return el("div", { class: "case-status" }, el("p", { class: "muted" }, "Closed cases are final."), error);
    }
    const select = el("select", { id: "case-status-target", dataset: { testid: "case-status-select" } },
      choices.map((c) => el("option", { value: c.value }, c.label)));
    const reason = el("input", { id: "case-status-reason", maxlength: MAX_REASON, placeholder: "Reason (optional)",
      dataset: { testid: "case-status-reason" } });
    const button = el("button", { class: "button small", type: "submit", dataset: { testid: "case-status-submit" } },
      "Change status");
    const form = el("form", { class: "case-status", "aria-label": "Change the status" },
      el("div", { class: "case-status-row" }, el("label", { for: select.id }, "Move to"), select),
      el("div", { class: "case-status-row" },
        el("label", { for: reason.id, class: "visually-hidden" }, "Reason for the change"), reason, button),
      error);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.changeStatus(found, select.value, reason.value, { button, error });
    });
    return form;
  }

  entryForm(found, refusal) {
    const text = el("textarea", { id: "case-entry-text", rows: 3, maxlength: MAX_ENTRY_BODY,
      dataset: { testid: "case-entry-text" }, placeholder: "Write a note for colleagues or a reply to the customer" });
    const kinds = ENTRY_KINDS.map((k, index) => {
      const radio = el("input", { type: "radio", name: "case-entry-kind", id: `case-entry-kind-${k.kind}`,
        value: k.kind, checked: index === 0, dataset: { testid: `case-entry-kind-${k.kind}` } });
      return el("label", { class: "case-entry-kind", for: radio.id }, radio, ` ${k.label}`);
    });
    const button = el("button", { class: "button primary small", type: "submit", dataset: { testid: "case-entry-submit" } }, "Add");
    const error = el("p", { class: "form-error", role: "alert", dataset: { testid: "case-entry-error" } }, refusal || "");
    const form = el("form", { class: "case-entry-form", "aria-label": "Add a note or reply" },
      el("label", { for: text.id }, "Add to the case"), text,
      el("div", { class: "case-entry-actions" },
        el("fieldset", { class: "case-entry-kinds" }, el("legend", { class: "visually-hidden" }, "Kind of entry"), kinds),
        button),
      error);
    const submit = () => {
      const kind = form.querySelector("input[name=case-entry-kind]:checked")?.value;
      this.addEntry(found, kind, text.value, { button, error, text });
    };
    form.addEventListener("submit", (event) => { event.preventDefault(); submit(); });
    text.addEventListener("keydown", (event) => { // Ctrl/Cmd+Enter adds, as in most desks
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); submit(); }
    });
    return form;
  }

  async addEntry(found, kind, typed, { button, error, text }) {
    const request = entryRequest(kind, typed);
    if (request.error) { error.textContent = request.error; text.focus(); return; }
    error.textContent = "";
    button.disabled = true;
    try {
      const updated = await api(`/api/v1/cases/${encodeURIComponent(found.id)}/entries`,
        { method: "POST", json: request.json });
      if (this.openedId !== found.id) return;
      this.show(updated); // a fresh form: the textarea is empty again
      this.detail.querySelector("#case-entry-text")?.focus();
      this.load(); // a reply can open the case and meet its first-response target: the row follows
    } catch (failure) {
      error.textContent = failure.message || "Could not add to the case.";
    } finally {
      button.disabled = false;
    }
  }

  async changeStatus(found, target, reason, { button, error }) {
    const request = statusRequest(found.status, target, reason);
    if (request.error) { error.textContent = request.error; return; }
    error.textContent = "";
    button.disabled = true;
    try {
      const updated = await api(`/api/v1/cases/${encodeURIComponent(found.id)}/status`,
        { method: "POST", json: request.json });
      if (this.openedId !== found.id) return;
      this.show(updated);
      this.detail.querySelector("#case-status-target")?.focus();
    } catch (failure) {
      if (this.openedId !== found.id) return;
      const message = failure.message || "Could not change the status.";
      error.textContent = message;
      if (failure.status !== 409) return;
      // Refused: the case may have moved on elsewhere, so show it as it is now, with the reason.
      try {
        const fresh = await api(`/api/v1/cases/${encodeURIComponent(found.id)}`);
        if (this.openedId === found.id) this.show(fresh, { status: message });
      } catch { /* the refusal stays on show */ }
    } finally {
      button.disabled = false;
    }
    this.load(); // the row's status and SLA badge follow the case
  }
}
