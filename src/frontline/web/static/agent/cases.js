// The customer's open cases with their SLA state, and the two actions on the contact in hand:
// open a case from it, or attach it to one of the open cases (an email about an existing
// complaint belongs with that complaint, so its SLA and history stay in one place).

import { api, el, replaceChildren } from "../common.js";
import { humanise } from "../lib/format.js";

const OPEN = ["new", "open", "pending_customer", "on_hold"];
const SLA_TEXT = { ok: "On track", warning: "Breaching soon", breached: "Breached", paused: "Paused", met: "Met" };

/** A short label and a tone for a case's SLA snapshot ({state, due_at}). */
export function slaBadge(sla) {
  const state = sla && sla.state;
  if (!state) return { text: "No SLA", tone: "muted" };
  return { text: SLA_TEXT[state] || humanise(state), tone: state };
}

export class CasesBox {
  constructor() {
    this.list = el("ul", { class: "case-list", dataset: { testid: "customer-cases" } });
    this.subject = el("input", { id: "case-subject", maxlength: 200, placeholder: "Case subject" });
    this.error = el("p", { class: "form-error", role: "alert" });
    this.openButton = el("button", { class: "button", type: "submit", dataset: { testid: "open-case" } }, "Open case");
    this.form = el("form", { class: "case-open" },
      el("label", { for: this.subject.id, class: "visually-hidden" }, "Case subject"),
      this.subject, this.openButton);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.openCase();
    });
    this.node = el("section", { class: "cases-box", "aria-label": "Cases" },
      el("h3", {}, "Open cases"), this.list, this.form, this.error);
    this.customerId = null;
    this.interaction = null;
    this.linked = new Set(); // "interaction:case" pairs made here, so Attach is not offered again
  }

  /** Show the cases of `customerId`; `interaction` ({id, channel}) enables the actions. */
  async show(customerId, interaction) {
    this.customerId = customerId;
    this.interaction = interaction || null;
    this.form.hidden = !this.interaction;
    this.error.textContent = "";
    const query = OPEN.map((status) => `status=${status}`).join("&");
    try {
      const page = await api(`/api/v1/cases?customer_id=${encodeURIComponent(customerId)}&${query}`);
      if (this.customerId !== customerId) return;
      const items = page.items || [];
      replaceChildren(this.list, items.length ? items.map((c) => this.caseItem(c))
        : el("li", { class: "muted" }, "No open cases."));
    } catch {
      replaceChildren(this.list, el("li", { class: "muted" }, "Cases are not available."));
    }
  }

  caseItem(found) {
    const badge = slaBadge(found.sla);
    const linked = this.interaction && this.linked.has(`${this.interaction.id}:${found.id}`);
    const attach = this.interaction && !linked
      ? el("button", { class: "button small", type: "button", dataset: { testid: `attach-case-${found.id}` },
        onclick: () => this.attach(found.id) }, "Attach")
      : null;
    return el("li", { class: "case-item", dataset: { testid: "case-item" } },
      el("span", { class: "case-subject" }, `#${found.id} ${found.subject}`),
      el("span", { class: `tag sla-${badge.tone}` }, badge.text),
      el("span", { class: "muted" }, humanise(found.status)), attach);
  }

  async openCase() {
    this.openButton.disabled = true;
    try {
      const opened = await api(`/api/v1/interactions/${encodeURIComponent(this.interaction.id)}/case`, {
        method: "POST",
        json: { subject: this.subject.value.trim() },
      });
      this.linked.add(`${this.interaction.id}:${opened.id}`);
      this.subject.value = "";
      await this.show(this.customerId, this.interaction);
    } catch (failure) {
      this.error.textContent = failure.message || "Could not open the case.";
    } finally {
      this.openButton.disabled = false;
    }
  }

  async attach(caseId) {
    try {
      await api(`/api/v1/cases/${encodeURIComponent(caseId)}/interactions`, {
        method: "POST",
        json: { interaction_id: String(this.interaction.id), channel: this.interaction.channel || "chat" },
      });
      this.linked.add(`${this.interaction.id}:${caseId}`);
      await this.show(this.customerId, this.interaction);
    } catch (failure) {
      this.error.textContent = failure.message || "Could not attach the interaction.";
    }
  }
}
