// The agent's open conversations: a tab per contact (up to capacity) and the selected one's
// pane. Only the selected pane is attached to the page, so its reply box is the one the
// keyboard and the tests reach, while the others keep their drafts and transcripts in memory.

import { api, el, notify, replaceChildren } from "../common.js";
import { humanise } from "../lib/format.js";
import { Conversation } from "./conversation.js";

function unreadBadge(count) {
  if (!count) return null;
  return el("span", { class: "unread", "aria-label": `${count} unread` }, String(count));
}

export class Conversations {
  constructor(root, { onSelect, sendTyping }) {
    this.tabs = root.querySelector("[data-role=conversation-tabs]");
    this.area = root.querySelector("[data-role=conversation-area]");
    this.placeholder = root.querySelector("[data-role=conversation-placeholder]");
    this.emptyHint = root.querySelector("[data-role=conversations-empty]");
    this.capacityNode = root.querySelector("[data-role=capacity]");
    this.onSelect = onSelect;
    this.sendTyping = sendTyping;
    this.items = new Map();
    this.selected = null;
    this.capacity = 0;
    this.dispositions = [];
    this.dispositionsByQueue = {};
  }

  get(id) {
    return this.items.get(String(id)) || null;
  }

  setCapacity(capacity) {
    if (capacity && typeof capacity === "object") {
      capacity = capacity.chat ?? Object.values(capacity).reduce((a, b) => a + Number(b || 0), 0);
    }
    this.capacity = Number(capacity) || 0;
    this.refreshCount();
  }

  /** Add or refresh a conversation; loads its messages when the server sent only a summary. */
  upsert(interaction, { select = false } = {}) {
    const id = String(interaction.id);
    let conversation = this.items.get(id);
    if (conversation) {
      conversation.update(interaction);
    } else {
      conversation = new Conversation(interaction, {
        dispositions: this.dispositionsByQueue[interaction.queue] || this.dispositions,
        sendTyping: this.sendTyping,
        onClosed: (closed) => this.remove(closed.id),
        onActivity: (source, kind) => this.activity(source, kind),
      });
      conversation.tab = this.buildTab(conversation);
      this.items.set(id, conversation);
      this.tabs.appendChild(conversation.tab);
      if (!interaction.messages) {
        this.load(id);
      }
    }
    this.renderTab(conversation);
    this.refreshCount();
    if (select || this.selected === null) {
      this.select(id);
    }
    return conversation;
  }

  async load(id) {
    try {
      const full = await api(`/api/v1/interactions/${encodeURIComponent(id)}`);
      const conversation = this.get(id);
      if (conversation && full) {
        conversation.update(full.interaction || full);
        this.renderTab(conversation);
      }
    } catch (failure) {
      notify(`Could not load the conversation: ${failure.message}`, "error");
    }
  }

  buildTab(conversation) {
    const tab = el("button", {
      class: "conversation-tab",
      type: "button",
      role: "tab",
      "aria-selected": "false",
      dataset: { testid: `conversation-tab-${conversation.id}` },
    });
    tab.addEventListener("click", () => this.select(conversation.id));
    tab.addEventListener("keydown", (event) => this.arrowKeys(event, conversation.id));
    return el("li", { role: "presentation" }, tab);
  }

  renderTab(conversation) {
    const tab = conversation.tab.firstChild;
    const info = conversation.info;
    const status = conversation.wrapUp ? "Wrap-up" : humanise(info.channel || "chat");
    replaceChildren(
      tab,
      el("span", { class: "tab-name" }, conversation.label),
      el("span", { class: "tab-meta" }, `${status}${info.queue ? ` \u00b7 ${info.queue}` : ""}`),
      unreadBadge(conversation.unread),
    );
    tab.classList.toggle("tab-wrap-up", Boolean(conversation.wrapUp));
  }

  select(id) {
    const conversation = this.get(id);
    if (!conversation) return;
    if (this.selected && this.selected !== conversation) {
      this.selected.node.remove();
      this.selected.tab.firstChild.setAttribute("aria-selected", "false");
    }
    this.selected = conversation;
    conversation.unread = 0;
    conversation.tab.firstChild.setAttribute("aria-selected", "true");
    this.placeholder.hidden = true;
    if (!conversation.node.isConnected) this.area.appendChild(conversation.node);
    conversation.transcript.scrollTop = conversation.transcript.scrollHeight;
    this.renderTab(conversation);
    (conversation.wrapUp || conversation.input).focus();
    this.onSelect(conversation);
  }

  arrowKeys(event, id) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const ids = [...this.items.keys()];
    const step = event.key === "ArrowDown" ? 1 : ids.length - 1;
    const next = ids[(ids.indexOf(id) + step) % ids.length];
    this.select(next);
    this.get(next).tab.firstChild.focus();
  }

  activity(conversation, kind) {
    if (conversation !== this.selected && kind === "customer") {
      conversation.unread = (conversation.unread || 0) + 1;
    }
    if (conversation.tab) this.renderTab(conversation);
    if (kind === "wrap_up") this.refreshCount();
  }

  remove(id) {
    const conversation = this.get(id);
    if (!conversation) return;
    this.items.delete(conversation.id);
    conversation.tab.remove();
    conversation.node.remove();
    if (this.selected === conversation) {
      this.selected = null;
      const next = this.items.keys().next();
      if (next.done) {
        this.placeholder.hidden = false;
        this.onSelect(null);
      } else {
        this.select(next.value);
      }
    }
    this.refreshCount();
  }

  clear() {
    for (const id of [...this.items.keys()]) this.remove(id);
  }

  refreshCount() {
    const active = [...this.items.values()].filter((c) => !c.wrapUp).length;
    this.capacityNode.textContent = `${active} / ${this.capacity}`;
    this.capacityNode.classList.toggle("at-capacity", this.capacity > 0 && active >= this.capacity);
    this.emptyHint.hidden = this.items.size > 0;
  }
}
