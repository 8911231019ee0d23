// The chat widget's behaviour: start a session, follow it live over the WebSocket (resuming
// after the last event id), fall back to HTTP polling while the socket is down, and keep the
// session in sessionStorage so a page reload brings the conversation back.

import { AUTH_CLOSE_CODES, LiveSocket } from "../lib/live-socket.js";
import { EventCursor } from "../lib/resume.js";
import { ChatApi } from "./chat-api.js";
import { WidgetView } from "./view.js";

const TYPING_EVERY_MS = 3000;
const TYPING_SHOWN_MS = 4000;
const POLL_EVERY_MS = 3000;
const OVER = new Set(["ended", "wrap_up", "closed", "abandoned"]);

/** The header line for a session status. */
export function statusText(status, agentName) {
  if (status === "active") return agentName ? `Chatting with ${agentName}` : "Connected";
  if (status === "bot") return "Chatting with our assistant (type \u201cagent\u201d for a person)";
  if (OVER.has(status)) return "Chat ended";
  return "Waiting for an agent\u2026";
}

/** The line a status change adds to the conversation, or null when it adds none. */
export function statusChangeLine(before, after, agentName, agentBefore) {
  if (after === "active" && (before !== "active" || (agentName && agentName !== agentBefore))) {
    return agentName ? `${agentName} has joined the chat` : "An agent has joined the chat";
  }
  if (OVER.has(after) && !OVER.has(before)) return "The chat has ended";
  if (after === "waiting" && before === "active") return "You're being transferred; please stay with us";
  return null;
}

/** "billing:Billing and payments, cards:Cards" -> [{queue, label}]; a bare name labels itself. */
export function parseTopics(text) {
  return String(text || "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [queue, ...label] = item.split(":");
      return { queue: queue.trim(), label: label.join(":").trim() || queue.trim() };
    })
    .filter((topic) => topic.queue);
}

export function start({ base, queue, title, topics }) {
  const view = new WidgetView({ base, title, topics: parseTopics(topics) });
  const controller = new ChatController(new ChatApi(base), view, queue);
  view.mount();
  controller.resume();
  return controller;
}

class ChatController {
  constructor(api, view, queue) {
    this.api = api;
    this.view = view;
    this.queue = queue;
    this.seen = new Set();
    this.live = null;
    this.pollTimer = null;
    this.lastTypingSent = 0;
    view.startForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.begin();
    });
    view.composer.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    view.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    view.input.addEventListener("input", () => this.typed());
    view.endButton.addEventListener("click", () => this.end());
    view.newChatButton.addEventListener("click", () => {
      this.forget();
      view.nameInput.focus();
    });
  }

  get session() {
    return this.api.session;
  }

  /** After a reload the page lost the transcript: replay the session from its start. */
  resume() {
    if (!this.session) return;
    Object.assign(this.session, { last_event_id: 0, last_message_id: 0, status: "waiting" });
    this.view.showChat();
    this.applyStatus("waiting", this.session.agent_name);
    this.view.setOpen(true);
    // the socket replays events in order (status lines between messages); polling starts
    // only if it cannot connect
    this.goLive();
  }

  async begin() {
    const view = this.view;
    const fields = {
      name: view.nameInput.value.trim(),
      email: view.emailInput.value.trim(),
      message: view.firstInput.value.trim(),
      queue: (view.topicSelect && view.topicSelect.value) || this.queue,
    };
    view.startError.textContent = "";
    if (!fields.name || !fields.email || !fields.message) {
      view.startError.textContent = "Please fill in your name, email and message.";
      return;
    }
    if (!view.emailInput.checkValidity()) {
      view.startError.textContent = "Please enter a valid email address.";
      return;
    }
    view.startButton.disabled = true;
    try {
      await this.api.start(fields);
      view.startForm.reset();
      view.showChat();
      this.applyStatus(this.session.status, null);
      this.goLive();
      this.poll(); // shows the first message at once, whatever the socket is doing
      view.input.focus();
    } catch (error) {
      view.startError.textContent =
        error.status === 429
          ? "Too many chats were started from here. Please try again in a minute."
          : `We couldn't start the chat: ${error.message}`;
    } finally {
      view.startButton.disabled = false;
    }
  }

  goLive() {
    const cursor = new EventCursor();
    this.live = new LiveSocket({
      cursor,
      url: (after) => this.api.socketUrl(after),
      onEvent: (event) => this.onEvent(event),
      onStatus: (status, detail) => {
        if (status === "open") this.setPolling(false);
        if (status === "retrying") {
          if (AUTH_CLOSE_CODES.has(detail.code)) this.forget();
          else this.setPolling(true);
        }
      },
    });
    this.live.start();
  }

  onEvent(event) {
    if (!this.session) return;
    if (event.id !== undefined && event.id !== null) {
      this.session.last_event_id = Math.max(this.session.last_event_id || 0, Number(event.id));
    }
    if (event.type === "message" && event.message) {
      this.addMessage(event.message);
    } else if (event.type === "status") {
      const { status, agent_name: agentBefore } = this.session;
      const line = statusChangeLine(status, event.status, event.agent_name, agentBefore);
      if (line) this.view.addLine(line, "system");
      this.applyStatus(event.status, event.agent_name);
    } else if (event.type === "typing" && event.who !== "customer") {
      this.view.showTyping(TYPING_SHOWN_MS);
    }
    this.api.save();
  }

  addMessage(message) {
    const key = String(message.id);
    const options = message.sender === "bot" && Array.isArray(message.options) ? message.options : [];
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.session.last_message_id = Math.max(this.session.last_message_id || 0, Number(message.id) || 0);
      const known = ["customer", "agent", "bot"];
      const sender = known.includes(message.sender) ? message.sender : "system";
      this.view.clearOptions();
      this.view.addLine(message.text || "", sender);
    }
    // buttons come with the socket's copy of the bot's latest message (polling has none)
    if (options.length && Number(message.id) >= (this.session.last_message_id || 0)) {
      this.view.showOptions(options, (label) => this.sendText(label));
    }
  }

  applyStatus(status, agentName) {
    this.session.status = status;
    if (agentName) this.session.agent_name = agentName;
    this.api.save();
    const over = OVER.has(status);
    this.view.setStatus(statusText(status, this.session.agent_name), over);
    if (over) this.stopLive();
  }

  setPolling(on) {
    if (on && this.pollTimer === null) {
      this.poll();
      this.pollTimer = setInterval(() => this.poll(), POLL_EVERY_MS);
    } else if (!on && this.pollTimer !== null) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  async poll() {
    if (!this.session) return;
    try {
      const answer = await this.api.messagesAfter(this.session.last_message_id);
      if (!this.session) return;
      (answer.messages || []).forEach((message) => this.addMessage(message));
      if (answer.status && answer.status !== this.session.status) {
        this.onEvent({ type: "status", status: answer.status, agent_name: answer.agent_name });
      }
      this.api.save();
    } catch (error) {
      if ([401, 403, 404].includes(error.status)) this.forget();
    }
  }

  async send() {
    const text = this.view.input.value.trim();
    if (!text || !this.session) return;
    this.view.input.value = "";
    await this.sendText(text);
  }

  /** Send `text` as the customer (typed, or the label of a button the bot offered). */
  async sendText(text) {
    this.view.clearOptions();
    try {
      const message = await this.api.send(text);
      if (message) this.addMessage(message);
      this.api.save();
    } catch (error) {
      if (error.status === 409) {
        this.onEvent({ type: "status", status: "ended" });
      } else {
        this.view.input.value = text;
        this.view.addLine("Your message was not sent. Please try again.", "system");
      }
    }
  }

  typed() {
    const now = Date.now();
    if (!this.session || !this.view.input.value || now - this.lastTypingSent < TYPING_EVERY_MS) return;
    this.lastTypingSent = now;
    if (!(this.live && this.live.send({ type: "typing" }))) {
      this.api.typing().catch(() => {});
    }
  }

  async end() {
    if (!this.session) return;
    try {
      await this.api.end();
    } catch {
      // ending an already-ended chat has the outcome the customer asked for
    }
    this.onEvent({ type: "status", status: "ended" });
  }

  stopLive() {
    this.setPolling(false);
    if (this.live) this.live.stop();
    this.live = null;
  }

  forget() {
    this.stopLive();
    this.api.forget();
    this.seen.clear();
    this.view.showStart();
  }
}
