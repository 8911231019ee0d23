// The widget's DOM: a launcher button and a panel inside a Shadow DOM, so the host site's CSS
// cannot reach in and ours cannot leak out. Text from customers and agents is only ever set
// through textContent.

const IDLE_STATUS = "We usually reply in a few minutes";
const INTRO =
  "Tell us who you are and how we can help. A member of our team will join you here.";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "testid") node.dataset.testid = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

export class WidgetView {
  constructor({ base, title, topics = [] }) {
    this.host = el("div", { id: "frontline-chat" });
    this.host.style.visibility = "hidden"; // until our stylesheet has loaded
    const root = this.host.attachShadow({ mode: "open" });
    const sheet = el("link", { rel: "stylesheet", href: `${base}/static/widget.css` });
    sheet.onload = sheet.onerror = () => (this.host.style.visibility = "");
    this.buildLauncher(title);
    this.buildStartForm(topics);
    this.buildChat();
    this.statusLine = el("p", {
      class: "status",
      testid: "fl-status",
      role: "status",
      text: IDLE_STATUS,
    });
    this.minimise = el("button", {
      class: "icon-button",
      type: "button",
      "aria-label": "Minimise chat",
      text: "\u2013",
    });
    this.endButton = el("button", {
      class: "end",
      type: "button",
      testid: "fl-end",
      hidden: true,
      text: "End chat",
    });
    this.panel = el(
      "section",
      {
        class: "panel",
        id: "fl-panel",
        role: "dialog",
        "aria-label": title,
        hidden: true,
        testid: "fl-panel",
      },
      el(
        "header",
        { class: "head" },
        el("div", { class: "head-text" }, el("h2", { text: title }), this.statusLine),
        this.endButton,
        this.minimise,
      ),
      this.startForm,
      this.chat,
      el("p", { class: "footer", text: "Powered by Frontline" }),
    );
    root.append(sheet, el("div", { class: "frame" }, this.panel, this.launcher));
    this.launcher.addEventListener("click", () => this.setOpen(this.panel.hidden));
    this.minimise.addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => event.key === "Escape" && this.close());
  }

  buildLauncher(title) {
    this.badge = el("span", { class: "badge", hidden: true, "aria-hidden": "true" });
    this.launcher = el(
      "button",
      {
        class: "launcher",
        type: "button",
        testid: "fl-launcher",
        "aria-expanded": "false",
        "aria-controls": "fl-panel",
      },
      el("span", { class: "launcher-icon", "aria-hidden": "true" }),
      el("span", { class: "launcher-text", text: title }),
      this.badge,
    );
    this.unread = 0;
  }

  buildStartForm(topics) {
    const field = (tag, testid, attrs) =>
      el(tag, { id: testid, name: testid.slice(3), testid, required: true, ...attrs });
    this.nameInput = field("input", "fl-name", { autocomplete: "name", maxlength: 200 });
    this.emailInput = field("input", "fl-email", {
      type: "email",
      autocomplete: "email",
      maxlength: 320,
    });
    this.firstInput = field("textarea", "fl-message", { rows: 3, maxlength: 4000 });
    this.topicSelect = topics.length
      ? el(
          "select",
          { id: "fl-topic", testid: "fl-topic" },
          ...topics.map((topic) => el("option", { value: topic.queue, text: topic.label })),
        )
      : null;
    this.startError = el("p", { class: "error", role: "alert" });
    this.startButton = el("button", {
      class: "primary",
      type: "submit",
      testid: "fl-start",
      text: "Start chat",
    });
    this.startForm = el(
      "form",
      { class: "start", novalidate: true },
      el("p", { class: "intro", text: INTRO }),
      el("label", { for: "fl-name", text: "Your name" }),
      this.nameInput,
      el("label", { for: "fl-email", text: "Email" }),
      this.emailInput,
      this.topicSelect ? el("label", { for: "fl-topic", text: "Topic" }) : null,
      this.topicSelect,
      el("label", { for: "fl-message", text: "How can we help?" }),
      this.firstInput,
      this.startError,
      this.startButton,
    );
  }

  buildChat() {
    this.log = el("ol", {
      class: "log",
      testid: "fl-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": "Conversation",
    });
    this.typingLine = el("p", {
      class: "typing",
      testid: "fl-typing",
      hidden: true,
      text: "Agent is typing\u2026",
    });
    this.input = el("textarea", {
      id: "fl-input",
      testid: "fl-input",
      rows: 1,
      maxlength: 4000,
      placeholder: "Type your message\u2026",
      "aria-label": "Message",
    });
    this.sendButton = el("button", {
      class: "primary send",
      type: "submit",
      testid: "fl-send",
      text: "Send",
    });
    this.composer = el("form", { class: "composer" }, this.input, this.sendButton);
    this.newChatButton = el("button", {
      class: "secondary",
      type: "button",
      testid: "fl-new",
      text: "Start a new chat",
    });
    this.endedBox = el(
      "div",
      { class: "ended", hidden: true },
      el("p", { text: "This chat has ended. Thank you for contacting us." }),
      this.newChatButton,
    );
    this.chat = el(
      "div",
      { class: "chat", hidden: true },
      this.log,
      this.typingLine,
      this.composer,
      this.endedBox,
    );
  }

  mount() {
    document.body.append(this.host);
  }

  setOpen(open) {
    this.panel.hidden = !open;
    this.launcher.setAttribute("aria-expanded", String(open));
    this.launcher.classList.toggle("open", open);
    if (open) {
      this.unread = 0;
      this.badge.hidden = true;
      (this.chat.hidden ? this.nameInput : this.input).focus();
      this.log.scrollTop = this.log.scrollHeight;
    }
  }

  close() {
    this.setOpen(false);
    this.launcher.focus();
  }

  showStart() {
    this.log.replaceChildren();
    this.chat.hidden = true;
    this.endButton.hidden = true;
    this.startForm.hidden = false;
    this.statusLine.textContent = IDLE_STATUS;
  }

  showChat() {
    this.startForm.hidden = true;
    this.chat.hidden = false;
  }

  /** The header status and whether the conversation still accepts messages. */
  setStatus(text, over) {
    this.statusLine.textContent = text;
    this.composer.hidden = over;
    this.endedBox.hidden = !over;
    this.endButton.hidden = over;
    if (over) this.typingLine.hidden = true;
  }

  addLine(text, kind) {
    this.log.append(el("li", { class: `line line-${kind}` }, el("p", { class: "bubble", text })));
    this.log.scrollTop = this.log.scrollHeight;
    if (kind === "agent" || kind === "bot") {
      this.typingLine.hidden = true;
      if (this.panel.hidden) {
        this.unread += 1;
        this.badge.textContent = String(this.unread);
        this.badge.hidden = false;
      }
    }
  }

  /** Buttons for the bot's choices (a menu, yes/no); picking one sends its label. */
  showOptions(options, onPick) {
    this.clearOptions();
    const row = el("li", { class: "line line-options", testid: "fl-options" });
    for (const option of options) {
      const button = el("button", {
        class: "option",
        type: "button",
        testid: "fl-option",
        text: option.label || option.value,
      });
      button.addEventListener("click", () => onPick(String(option.label || option.value)));
      row.append(button);
    }
    this.log.append(row);
    this.optionsRow = row;
    this.log.scrollTop = this.log.scrollHeight;
  }

  clearOptions() {
    if (this.optionsRow) this.optionsRow.remove();
    this.optionsRow = null;
  }

  showTyping(ms) {
    this.typingLine.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => (this.typingLine.hidden = true), ms);
  }
}
