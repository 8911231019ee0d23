// The customer side panel: who this is and everything that happened with them (the screen-pop,
// shown the moment an offer arrives, before the agent accepts), their open cases, the guided
// script of the contact in hand and the knowledge base. The timeline comes from
// GET /api/v1/customers/{id}/timeline, newest first, with "Show older" paging by cursor.
// The contact in hand (accepted, or offered and being previewed) stays in the list, marked
// "This conversation", so the agent reads the rest as what happened before it.

import { api, el, replaceChildren } from "../common.js";
import { emailBreakParts, humanise, initials } from "../lib/format.js";
import { CasesBox } from "./cases.js";
import { KbSearch } from "./kb-search.js";
import { ScriptRunner } from "./script-runner.js";

const PAGE = 20;
const NOTHING_SELECTED =
  "Select a conversation to see the customer's details and previous interactions.";
const KIND_LABEL = { interaction: "Contact", case_event: "Case", note: "Note", disposition: "Wrap-up", survey_score: "Survey" };
const WORKING = new Set(["active", "wrap_up"]);
const CURRENT = "This conversation";
/** Contacts no agent handled: said instead of "Handled by …". */
const UNHANDLED = {
  waiting: "Waiting in the queue",
  offered: "Being offered to an agent",
  abandoned: "Left before an agent answered",
  self_service: "Handled by self-service",
};

/** The address with a line-break opportunity after its "@" (a <wbr>, never markup from the data). */
function breakableEmail(email) {
  const parts = emailBreakParts(email);
  return parts.length === 2 ? [parts[0], el("wbr"), parts[1]] : parts[0];
}

/** Heading of a timeline entry: "Chat · 3 Mar 2024", "Case · …", "Internal note · …". */
export function timelineHeading(item, locale) {
  const at = new Date(item.at);
  const when = Number.isNaN(at.getTime()) ? "" : at.toLocaleDateString(locale || [], {
    day: "numeric", month: "short", year: "numeric",
  });
  let what = KIND_LABEL[item.kind] || humanise(item.kind || "");
  if (item.kind === "interaction" && item.channel) what = humanise(item.channel);
  if (item.kind === "note" && item.internal) what = "Internal note";
  return [what, when].filter(Boolean).join(" \u00b7 ");
}

/** Whether `item` is the contact the agent is handling or being offered (`currentId`). */
export function isCurrentContact(item, currentId) {
  if (currentId === null || currentId === undefined || !item || item.kind !== "interaction") return false;
  const id = item.data ? item.data.interaction_id : undefined;
  return id !== null && id !== undefined && String(id) === String(currentId);
}

/** A wrap-up's disposition as the queue names it ("Follow-up needed"), else the code made
 *  readable, so an agent never reads "follow_up". */
export function dispositionLabel(data) {
  const { label, code } = data || {};
  return label ? String(label) : humanise(code);
}

/**
 * What one timeline entry shows, without a DOM: the heading, the queue (once, beside the
 * heading of a contact), a bold label (a wrap-up's disposition), the text, a muted line saying
 * who handled the contact, and whether it is the contact in hand.
 */
export function timelineView(item, currentId, locale) {
  const data = item.data || {};
  const current = isCurrentContact(item, currentId);
  const view = { heading: timelineHeading(item, locale), queue: "", label: "", text: item.summary || "", meta: "", current };
  if (item.kind === "interaction") {
    view.queue = data.queue || "";
    view.text = data.subject || ""; // "Chat in <queue>" would repeat the heading and the queue
    if (current) view.meta = CURRENT;
    else if (data.agent_name) view.meta = `Handled by ${data.agent_name}`;
    else view.meta = UNHANDLED[data.status] || "";
  } else if (item.kind === "disposition") {
    view.label = dispositionLabel(data);
    view.text = data.notes || "";
  }
  return view;
}

export class CustomerPanel {
  constructor(root) {
    this.body = root.querySelector("[data-role=customer-body]");
    this.scripts = new ScriptRunner();
    this.cases = new CasesBox();
    this.kb = new KbSearch();
    this.showing = null; // the conversation shown, or null
    this.popped = null; // the offer whose customer is shown, or null
    this.currentId = null; // the contact in hand (shown conversation or previewed offer)
    this.token = 0;
  }

  /** Screen-pop: the history of the customer on an incoming offer. */
  popOffer(offer) {
    if (!offer || !offer.customer) return;
    this.popped = offer;
    this.render(offer.customer, { offerId: offer.interaction_id });
  }

  /** The offer went away (declined, expired, taken elsewhere): back to the conversation. */
  offerGone(interactionId) {
    if (this.popped && String(this.popped.interaction_id) === String(interactionId)) {
      this.popped = null;
      this.show(this.showing);
    }
  }

  /** Show the customer of `conversation` (or the empty hint when none is selected). */
  show(conversation) {
    this.showing = conversation;
    this.popped = null;
    const customer = conversation ? conversation.customer : null;
    if (!customer) {
      this.token += 1;
      replaceChildren(this.body, el("p", { class: "muted" }, NOTHING_SELECTED), this.kb.node);
      return;
    }
    const info = conversation.info || {};
    this.render(customer, {
      interaction: { id: conversation.id, channel: info.channel, queue: info.queue, status: info.status },
    });
  }

  render(customer, { offerId = null, interaction = null } = {}) {
    const token = ++this.token;
    const timeline = el("ol", { class: "history timeline", dataset: { testid: "screenpop" },
      "aria-label": "Customer timeline" });
    const more = el("button", { class: "button ghost small", type: "button", hidden: true }, "Show older");
    this.nameNode = el("p", { class: "customer-name" }, customer.name || "Unknown customer");
    const parts = [
      el("div", { class: "customer-card" },
        el("div", { class: "avatar", "aria-hidden": "true" }, initials(customer.name)),
        el("div", {}, this.nameNode,
          customer.email ? el("p", { class: "muted" }, breakableEmail(customer.email)) : null,
          offerId !== null ? el("p", { class: "tag incoming" }, "Incoming offer") : null)),
    ];
    const known = customer.id !== undefined && customer.id !== null;
    if (interaction && WORKING.has(interaction.status)) parts.push(this.scripts.node);
    if (known) parts.push(this.cases.node);
    parts.push(el("h3", {}, "History"), timeline, more, this.kb.node);
    replaceChildren(this.body, parts);
    if (!known) {
      timeline.appendChild(el("li", { class: "muted" }, "No customer record is linked to this contact."));
      return;
    }
    this.cases.show(customer.id, interaction && WORKING.has(interaction.status) ? interaction : null);
    if (interaction && WORKING.has(interaction.status)) {
      this.scripts.open(interaction.id, interaction.queue).catch(() => {});
    }
    this.currentId = offerId !== null ? offerId : interaction ? interaction.id : null;
    this.loadPage(token, customer.id, null, timeline, more);
  }

  async loadPage(token, customerId, cursor, timeline, more) {
    const query = `limit=${PAGE}` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    let page;
    try {
      page = await api(`/api/v1/customers/${encodeURIComponent(customerId)}/timeline?${query}`);
    } catch {
      if (token === this.token) timeline.appendChild(el("li", { class: "muted" }, "Could not load the history."));
      return;
    }
    if (token !== this.token) return;
    if (page.name) this.nameNode.textContent = page.name; // the record's name, not the chat's
    const items = page.items || [];
    if (!cursor && !items.length) timeline.appendChild(el("li", { class: "muted" }, "First contact: no history yet."));
    items.forEach((item) => timeline.appendChild(timelineItem(timelineView(item, this.currentId), item)));
    more.hidden = !page.next_cursor;
    more.onclick = () => {
      more.hidden = true;
      this.loadPage(token, customerId, page.next_cursor, timeline, more);
    };
  }
}

/** One entry, built from text nodes only: summaries, notes and names are customer or agent
 *  input and never reach the page as markup. */
function timelineItem(view, item) {
  const classes = `history-item timeline-${item.kind}` + (view.current ? " is-current" : "");
  const dataset = { testid: "timeline-item", kind: item.kind };
  if (view.current) dataset.current = "true";
  const meta = view.current
    ? el("p", { class: "history-meta" }, el("span", { class: "tag current" }, view.meta))
    : view.meta ? el("p", { class: "history-meta" }, view.meta) : null;
  const text = view.label || view.text
    ? el("p", { class: "history-summary" },
      view.label ? el("span", { class: "history-label" }, view.label) : null,
      view.label && view.text ? ": " : null,
      view.text || null)
    : null;
  return el("li", { class: classes, dataset, "aria-current": view.current ? "true" : null },
    el("div", { class: "history-head" },
      el("span", { class: "history-what" }, view.heading),
      view.queue ? el("span", { class: "history-queue" }, view.queue) : null),
    text,
    meta);
}
