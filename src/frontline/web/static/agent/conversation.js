// One conversation: its transcript, the reply box, Transfer and End, and the wrap-up form once
// the contact is over. Messages are keyed by id, so the HTTP answer to a reply and the same
// message echoed over the WebSocket (or replayed after a reconnect) appear exactly once.

import { api, el, notify } from "../common.js";
import { formatClock, humanise } from "../lib/format.js";
import { WrapUpForm } from "./wrapup.js";

const TYPING_SHOWN_MS = 4000;
const TYPING_SEND_EVERY_MS = 3000;
const SENDERS = new Set(["customer", "agent", "system"]);

function button(text, testid, attrs = {}) {
  return el("button", { class: "button", type: "button", ...attrs, dataset: { testid } }, text);
}

export class Conversation {
  constructor(interaction, { dispositions, sendTyping, onClosed, onActivity }) {
    this.id = String(interaction.id);
    this.dispositions = dispositions;
    this.sendTyping = sendTyping;
    this.onClosed = onClosed;
    this.onActivity = onActivity;
    this.messageIds = new Set();
    this.lastTypingSent = 0;
    this.wrapUp = null;
    this.info = {};
    this.build();
    this.update(interaction);
  }

  build() {
    this.title = el("h2", { class: "conversation-title" });
    this.meta = el("p", { class: "conversation-meta muted" });
    this.transcript = el("ol", {
      class: "transcript",
      role: "log",
      "aria-live": "polite",
      dataset: { testid: "transcript" },
    });
    this.typingLine = el("p", { class: "typing-line", hidden: true }, "Customer is typing\u2026");
    this.input = el("textarea", {
      id: `reply-${this.id}`,
      rows: 2,
      maxlength: 4000,
      placeholder: "Write a reply \u2014 Enter sends, Shift+Enter adds a line",
      dataset: { testid: "reply-input" },
    });
    this.sendButton = button("Send", "reply-send", { class: "button primary", type: "submit" });
    this.composer = el(
      "form",
      { class: "composer" },
      el("label", { class: "visually-hidden", for: this.input.id }, "Reply"),
      this.input,
      this.sendButton,
    );
    this.transferForm = this.buildTransferForm();
    this.endButton = button("End chat", "end-chat", { class: "button danger" });
    this.transferButton = button("Transfer", "transfer-open", { "aria-expanded": "false" });
    this.wrapUpSlot = el("div", { class: "wrapup-slot" });
    this.node = el(
      "section",
      { class: "conversation", role: "tabpanel", dataset: { testid: `conversation-${this.id}` } },
      el(
        "header",
        { class: "conversation-head" },
        el("div", {}, this.title, this.meta),
        el("div", { class: "conversation-actions" }, this.transferButton, this.endButton),
      ),
      this.transferForm,
      this.transcript,
      this.typingLine,
      this.composer,
      this.wrapUpSlot,
    );
    this.composer.addEventListener("submit", (event) => {
      event.preventDefault();
      this.reply();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.reply();
      }
    });
    this.input.addEventListener("input", () => this.typed());
    this.endButton.addEventListener("click", () => this.end());
    this.transferButton.addEventListener("click", () => this.toggleTransfer());
  }

  buildTransferForm() {
    this.transferKind = el(
      "select",
      { id: `transfer-kind-${this.id}`, dataset: { testid: "transfer-kind" } },
      el("option", { value: "queue" }, "Queue"),
      el("option", { value: "agent" }, "Agent"),
    );
    this.transferTarget = el("input", {
      id: `transfer-target-${this.id}`,
      list: "transfer-queues",
      required: true,
      autocomplete: "off",
      placeholder: "queue name or username",
      dataset: { testid: "transfer-target" },
    });
    const cancel = el("button", { class: "button ghost", type: "button" }, "Cancel");
    cancel.addEventListener("click", () => this.toggleTransfer(false));
    const form = el(
      "form",
      { class: "transfer-form", hidden: true, "aria-label": "Transfer" },
      el("label", { class: "visually-hidden", for: this.transferKind.id }, "Transfer to a"),
      this.transferKind,
      el("label", { class: "visually-hidden", for: this.transferTarget.id }, "Transfer target"),
      this.transferTarget,
      button("Transfer", "transfer-submit", { class: "button primary", type: "submit" }),
      cancel,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.transfer();
    });
    return form;
  }

  /** Merge what the server says about the interaction (snapshot, accept answer, GET). */
  update(interaction) {
    this.info = { ...this.info, ...interaction };
    if (!this.info.customer && (this.info.customer_name || this.info.customer_id !== undefined)) {
      // a flat record (customer_id, customer_name, customer_email) reads the same as a nested one
      this.info.customer = {
        id: this.info.customer_id,
        name: this.info.customer_name,
        email: this.info.customer_email,
      };
    }
    const customer = this.info.customer || {};
    this.title.textContent = customer.name || "Customer";
    const parts = [humanise(this.info.channel || "chat")];
    if (this.info.queue) parts.push(`queue ${this.info.queue}`);
    if (customer.email) parts.push(customer.email);
    this.meta.textContent = parts.join(" \u00b7 ");
    (interaction.messages || []).forEach((message) => this.addMessage(message));
    if (interaction.status === "wrap_up" || interaction.state === "wrap_up") {
      this.startWrapUp(interaction.wrap_up_until || interaction.until, interaction.wrap_up_since);
    }
  }

  path(suffix) {
    return `/api/v1/interactions/${encodeURIComponent(this.id)}${suffix}`;
  }

  get customer() {
    return this.info.customer || null;
  }

  get label() {
    return (this.info.customer && this.info.customer.name) || `Chat ${this.id}`;
  }

  addMessage(message) {
    const key = String(message.id ?? `${message.sender}:${message.at}:${message.text}`);
    if (this.messageIds.has(key)) return false;
    this.messageIds.add(key);
    const sender = SENDERS.has(message.sender) ? message.sender : "system";
    const who = sender === "agent" ? "You" : this.label;
    const when = message.at ? ` \u00b7 ${formatClock(message.at)}` : "";
    const item = el(
      "li",
      { class: `message message-${sender}` },
      el("p", { class: "bubble" }, message.text || ""),
      sender === "system" ? null : el("span", { class: "message-meta" }, `${who}${when}`),
    );
    this.transcript.appendChild(item);
    this.transcript.scrollTop = this.transcript.scrollHeight;
    if (sender === "customer") this.typingLine.hidden = true;
    this.onActivity(this, sender);
    return true;
  }

  systemLine(text) {
    this.addMessage({ id: `local-${Date.now()}-${Math.random()}`, sender: "system", text });
  }

  showTyping() {
    this.typingLine.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => (this.typingLine.hidden = true), TYPING_SHOWN_MS);
  }

  typed() {
    const now = Date.now();
    if (this.input.value && now - this.lastTypingSent > TYPING_SEND_EVERY_MS) {
      this.lastTypingSent = now;
      this.sendTyping(this.id);
    }
  }

  async reply() {
    const text = this.input.value.trim();
    if (!text || this.wrapUp) return;
    this.input.value = "";
    this.sendButton.disabled = true;
    try {
      const message = await api(this.path("/messages"), { method: "POST", json: { text } });
      if (message) this.addMessage(message);
    } catch (failure) {
      this.input.value = text;
      notify(`Message not sent: ${failure.message}`, "error");
    } finally {
      this.sendButton.disabled = false;
      this.input.focus();
    }
  }

  toggleTransfer(open = this.transferForm.hidden) {
    this.transferForm.hidden = !open;
    this.transferButton.setAttribute("aria-expanded", String(open));
    if (open) this.transferTarget.focus();
  }

  async transfer() {
    const target = this.transferTarget.value.trim();
    if (!target) return;
    const kind = this.transferKind.value;
    try {
      await api(this.path("/transfer"), { method: "POST", json: { [kind]: target } });
      notify(`${this.label} was transferred to ${kind} ${target}.`, "success");
      this.close();
    } catch (failure) {
      notify(`Transfer failed: ${failure.message}`, "error");
    }
  }

  async end() {
    this.endButton.disabled = true;
    try {
      await api(this.path("/end"), { method: "POST" });
      this.ended("agent");
    } catch (failure) {
      this.endButton.disabled = false;
      notify(`Could not end the chat: ${failure.message}`, "error");
    }
  }

  /** The contact is over (either side ended it): the reply box gives way to wrap-up. */
  ended(by) {
    if (this.wrapUp) return;
    this.systemLine(by === "customer" ? "The customer ended the chat." : "You ended the chat.");
    this.startWrapUp(null, null);
  }

  startWrapUp(until, since) {
    if (this.wrapUp) {
      if (until) this.wrapUp.until = until;
      return;
    }
    this.composer.hidden = true;
    this.typingLine.hidden = true;
    this.transferForm.hidden = true;
    this.transferButton.disabled = true;
    this.endButton.disabled = true;
    this.node.classList.add("in-wrap-up");
    this.wrapUp = new WrapUpForm({
      interactionId: this.id,
      dispositions: this.dispositions,
      startedAt: since,
      until,
      onDone: () => this.close(),
    });
    this.wrapUpSlot.appendChild(this.wrapUp.node);
    this.onActivity(this, "wrap_up");
  }

  close() {
    if (this.wrapUp) this.wrapUp.dispose();
    clearTimeout(this.typingTimer);
    this.onClosed(this);
  }
}
