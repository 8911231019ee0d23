// The customer side panel: who this is and everything that happened with them (the screen-pop,
// shown the moment an offer arrives, before the agent accepts), their open cases, the guided
// script of the contact in hand and the knowledge base. The timeline comes from
// GET /api/v1/customers/{id}/timeline, newest first, with "Show older" paging by cursor.

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

export class CustomerPanel {
  constructor(root) {
    this.body = root.querySelector("[data-role=customer-body]");
    this.scripts = new ScriptRunner();
    this.cases = new CasesBox();
    this.kb = new KbSearch();
    this.showing = null; // the conversation shown, or null
    this.popped = null; // the offer whose customer is shown, or null
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
    items.forEach((item) => timeline.appendChild(timelineItem(item)));
    more.hidden = !page.next_cursor;
    more.onclick = () => {
      more.hidden = true;
      this.loadPage(token, customerId, page.next_cursor, timeline, more);
    };
  }
}

function timelineItem(item) {
  return el("li", { class: `history-item timeline-${item.kind}`, dataset: { testid: "timeline-item", kind: item.kind } },
    el("div", { class: "history-head" },
      el("span", { class: "history-what" }, timelineHeading(item)),
      el("time", { datetime: item.at || "" }, item.data && item.data.queue ? item.data.queue : "")),
    el("p", { class: "history-summary" }, item.summary || ""));
}
