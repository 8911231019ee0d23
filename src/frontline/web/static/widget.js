/* Frontline web chat widget. Embed with one tag on any site:
 *   <script src="https://frontline.example/widget.js" data-queue="general"
 *           data-title="Chat with us" defer></script>
 * It is a classic script (not a module) so that one plain tag works everywhere; everything
 * lives in a Shadow DOM so the host page's CSS can neither break it nor be broken by it.
 * Customer and agent text only ever reaches the page through textContent. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__frontlineChat) return;
  window.__frontlineChat = true;

  var BASE = new URL("/", script.src).toString().replace(/\/$/, "");
  var QUEUE = script.dataset.queue || "";
  var TITLE = script.dataset.title || "Chat with us";
  var STORE_KEY = "fl.chat." + BASE;
  var TYPING_EVERY_MS = 3000;
  var TYPING_SHOWN_MS = 4000;
  var POLL_EVERY_MS = 3000;
  var STATUS_TEXT = {
    waiting: "Waiting for an agent\u2026",
    active: "Connected",
    wrap_up: "Chat ended",
    ended: "Chat ended",
  };

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = String(value);
      else if (name === "testid") node.setAttribute("data-testid", value);
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
    } catch (e) {
      return null;
    }
  }
  function save() {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(session));
  }

  /* ---- DOM ---- */
  var host = el("div", { id: "frontline-chat" });
  host.style.visibility = "hidden"; // until our stylesheet has loaded
  var root = host.attachShadow({ mode: "open" });
  var sheet = el("link", { rel: "stylesheet", href: BASE + "/static/widget.css" });
  sheet.onload = sheet.onerror = function () {
    host.style.visibility = "";
  };

  var badge = el("span", { class: "badge", hidden: true, "aria-hidden": "true" });
  var launcher = el(
    "button",
    { class: "launcher", type: "button", testid: "fl-launcher", "aria-expanded": "false", "aria-controls": "fl-panel" },
    el("span", { class: "launcher-icon", "aria-hidden": "true" }),
    el("span", { class: "launcher-text", text: TITLE }),
    badge,
  );
  var statusLine = el("p", { class: "status", testid: "fl-status", role: "status", text: "We usually reply in a few minutes" });
  var closeButton = el("button", { class: "icon-button", type: "button", "aria-label": "Minimise chat", text: "\u2013" });
  var endButton = el("button", { class: "end", type: "button", testid: "fl-end", hidden: true, text: "End chat" });

  var nameInput = el("input", { id: "fl-name", name: "name", testid: "fl-name", autocomplete: "name", required: true, maxlength: 200 });
  var emailInput = el("input", { id: "fl-email", name: "email", type: "email", testid: "fl-email", autocomplete: "email", required: true, maxlength: 320 });
  var firstInput = el("textarea", { id: "fl-message", name: "message", testid: "fl-message", rows: 3, required: true, maxlength: 4000 });
  var startError = el("p", { class: "error", role: "alert" });
  var startButton = el("button", { class: "primary", type: "submit", testid: "fl-start", text: "Start chat" });
  var startForm = el(
    "form",
    { class: "start", novalidate: true },
    el("p", { class: "intro", text: "Tell us who you are and how we can help. A member of our team will join you here." }),
    el("label", { for: "fl-name", text: "Your name" }), nameInput,
    el("label", { for: "fl-email", text: "Email" }), emailInput,
    el("label", { for: "fl-message", text: "How can we help?" }), firstInput,
    startError, startButton,
  );

  var log = el("ol", { class: "log", testid: "fl-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
  var typingLine = el("p", { class: "typing", testid: "fl-typing", hidden: true, text: "Agent is typing\u2026" });
  var input = el("textarea", { id: "fl-input", testid: "fl-input", rows: 1, maxlength: 4000, placeholder: "Type your message\u2026", "aria-label": "Message" });
  var sendButton = el("button", { class: "primary send", type: "submit", testid: "fl-send", text: "Send" });
  var composer = el("form", { class: "composer" }, input, sendButton);
  var newChatButton = el("button", { class: "secondary", type: "button", testid: "fl-new", text: "Start a new chat" });
  var endedBox = el("div", { class: "ended", hidden: true }, el("p", { text: "This chat has ended. Thank you for contacting us." }), newChatButton);
  var chatView = el("div", { class: "chat", hidden: true }, log, typingLine, composer, endedBox);

  var panel = el(
    "section",
    { class: "panel", id: "fl-panel", role: "dialog", "aria-label": TITLE, hidden: true, testid: "fl-panel" },
    el("header", { class: "head" }, el("div", { class: "head-text" }, el("h2", { text: TITLE }), statusLine), endButton, closeButton),
    startForm,
    chatView,
    el("p", { class: "footer", text: "Powered by Frontline" }),
  );
  root.appendChild(sheet);
  root.appendChild(el("div", { class: "frame" }, panel, launcher));

  /* ---- state ---- */
  var session = load();
  var seenMessages = {};
  var socket = null;
  var attempt = 0;
  var retryTimer = null;
  var pollTimer = null;
  var typingTimer = null;
  var lastTypingSent = 0;
  var unread = 0;

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.classList.toggle("open", open);
    if (open) {
      unread = 0;
      badge.hidden = true;
      (session ? input : nameInput).focus();
      log.scrollTop = log.scrollHeight;
    }
  }

  function api(path, options) {
    options = options || {};
    var headers = { Accept: "application/json" };
    if (options.json !== undefined) headers["Content-Type"] = "application/json";
    if (session && session.token) headers.Authorization = "Bearer " + session.token;
    return fetch(BASE + path, {
      method: options.method || "GET",
      headers: headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
      mode: "cors",
      credentials: "omit",
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!response.ok) {
          var error = new Error((data && typeof data.detail === "string" && data.detail) || "Request failed (" + response.status + ")");
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function sessionPath(suffix) {
    return "/api/v1/chat/sessions/" + encodeURIComponent(session.session_id) + suffix;
  }

  function showStatus(status, agentName) {
    session.status = status;
    if (agentName) session.agent_name = agentName;
    save();
    statusLine.textContent = status === "active" && session.agent_name
      ? "Chatting with " + session.agent_name
      : STATUS_TEXT[status] || status;
    var over = status === "ended" || status === "wrap_up";
    composer.hidden = over;
    endedBox.hidden = !over;
    endButton.hidden = over;
    if (over) {
      typingLine.hidden = true;
      stopLive();
    }
  }

  function addLine(text, kind) {
    log.appendChild(el("li", { class: "line line-" + kind }, el("p", { class: "bubble", text: text })));
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(message) {
    var key = String(message.id);
    if (seenMessages[key]) return;
    seenMessages[key] = true;
    if (Number(message.id) > (session.last_message_id || 0)) session.last_message_id = Number(message.id);
    var sender = message.sender === "customer" || message.sender === "agent" ? message.sender : "system";
    addLine(message.text || "", sender);
    if (sender === "agent") {
      typingLine.hidden = true;
      if (panel.hidden) {
        unread += 1;
        badge.textContent = String(unread);
        badge.hidden = false;
      }
    }
  }

  function onEvent(event) {
    if (event.id !== undefined && event.id !== null) {
      if (Number(event.id) <= (session.last_event_id || 0)) return;
      session.last_event_id = Number(event.id);
      save();
    }
    if (event.type === "message" && event.message) {
      addMessage(event.message);
      save();
    } else if (event.type === "status") {
      var before = session.status;
      if (event.status === "active" && (before !== "active" || event.agent_name !== session.agent_name)) {
        addLine(event.agent_name ? event.agent_name + " has joined the chat" : "An agent has joined the chat", "system");
      } else if ((event.status === "ended" || event.status === "wrap_up") && before !== "ended" && before !== "wrap_up") {
        addLine("The chat has ended", "system");
      } else if (event.status === "waiting" && before === "active") {
        addLine("You're being transferred; please stay with us", "system");
      }
      showStatus(event.status, event.agent_name);
    } else if (event.type === "typing" && event.who !== "customer") {
      typingLine.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typingLine.hidden = true; }, TYPING_SHOWN_MS);
    }
  }

  /* ---- live connection: WebSocket first, HTTP polling while it is down ---- */
  function connect() {
    retryTimer = null;
    if (!session || session.status === "ended" || session.status === "wrap_up") return;
    var url = new URL(sessionPath("").replace("/api/v1/chat/sessions/", "/ws/chat/"), BASE);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("token", session.token);
    url.searchParams.set("after", String(session.last_event_id || 0));
    var ws;
    try {
      ws = new WebSocket(url.toString());
    } catch (e) {
      return retry();
    }
    socket = ws;
    ws.onopen = function () {
      attempt = 0;
      setPolling(false);
    };
    ws.onmessage = function (message) {
      try { onEvent(JSON.parse(message.data)); } catch (e) { /* ignore malformed frames */ }
    };
    ws.onclose = function (closing) {
      if (socket !== ws) return;
      socket = null;
      if (closing.code === 4401 || closing.code === 4403) return forget();
      retry();
    };
  }

  function retry() {
    if (!session || retryTimer !== null) return;
    setPolling(true);
    var ceiling = Math.min(15000, 500 * Math.pow(2, Math.min(attempt, 10)));
    attempt += 1;
    retryTimer = setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
  }

  function setPolling(on) {
    if (on && pollTimer === null) {
      poll();
      pollTimer = setInterval(poll, POLL_EVERY_MS);
    } else if (!on && pollTimer !== null) {
      clearInterval(pollTimer);
      pollTimer = null;
    }
  }

  function poll() {
    if (!session) return;
    api(sessionPath("/messages?after=" + encodeURIComponent(session.last_message_id || 0)))
      .then(function (answer) {
        (answer.messages || []).forEach(addMessage);
        if (answer.status && answer.status !== session.status) {
          onEvent({ type: "status", status: answer.status, agent_name: answer.agent_name });
        }
        save();
      })
      .catch(function (error) {
        if (error.status === 401 || error.status === 403 || error.status === 404) forget();
      });
  }

  function stopLive() {
    setPolling(false);
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    if (socket) {
      var ws = socket;
      socket = null;
      ws.close(1000);
    }
  }

  /* ---- views ---- */
  function showChat() {
    startForm.hidden = true;
    chatView.hidden = false;
    showStatus(session.status || "waiting", session.agent_name);
  }

  function forget() {
    stopLive();
    session = null;
    seenMessages = {};
    sessionStorage.removeItem(STORE_KEY);
    while (log.firstChild) log.removeChild(log.firstChild);
    chatView.hidden = true;
    endButton.hidden = true;
    startForm.hidden = false;
    statusLine.textContent = "We usually reply in a few minutes";
  }

  startForm.addEventListener("submit", function (event) {
    event.preventDefault();
    startError.textContent = "";
    var name = nameInput.value.trim();
    var email = emailInput.value.trim();
    var message = firstInput.value.trim();
    if (!name || !email || !message) {
      startError.textContent = "Please fill in your name, email and message.";
      return;
    }
    if (!emailInput.checkValidity()) {
      startError.textContent = "Please enter a valid email address.";
      return;
    }
    startButton.disabled = true;
    var body = { name: name, email: email, message: message };
    if (QUEUE) body.queue = QUEUE;
    api("/api/v1/chat/sessions", { method: "POST", json: body })
      .then(function (answer) {
        session = { session_id: answer.session_id, token: answer.token, status: answer.status || "waiting", last_event_id: 0, last_message_id: 0 };
        save();
        startForm.reset();
        showChat();
        connect();
        poll(); // shows the first message at once, whatever the socket is doing
        input.focus();
      })
      .catch(function (error) {
        startError.textContent = error.status === 429
          ? "Too many chats were started from here. Please try again in a minute."
          : "We couldn't start the chat: " + error.message;
      })
      .then(function () { startButton.disabled = false; });
  });

  function send() {
    var text = input.value.trim();
    if (!text || !session) return;
    input.value = "";
    api(sessionPath("/messages"), { method: "POST", json: { text: text } })
      .then(function (message) {
        if (message) addMessage(message);
        save();
      })
      .catch(function (error) {
        if (error.status === 409) {
          onEvent({ type: "status", status: "ended" });
        } else {
          input.value = text;
          addLine("Your message was not sent. Please try again.", "system");
        }
      });
  }

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  input.addEventListener("input", function () {
    var now = Date.now();
    if (!session || !input.value || now - lastTypingSent < TYPING_EVERY_MS) return;
    lastTypingSent = now;
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: "typing" }));
    else api(sessionPath("/typing"), { method: "POST" }).catch(function () {});
  });
  endButton.addEventListener("click", function () {
    if (!session) return;
    api(sessionPath("/end"), { method: "POST" })
      .then(function () { onEvent({ type: "status", status: "ended" }); })
      .catch(function () { onEvent({ type: "status", status: "ended" }); });
  });
  newChatButton.addEventListener("click", function () {
    forget();
    nameInput.focus();
  });
  launcher.addEventListener("click", function () { setOpen(panel.hidden); });
  closeButton.addEventListener("click", function () { setOpen(false); launcher.focus(); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { setOpen(false); launcher.focus(); }
  });

  function mount() {
    document.body.appendChild(host);
    if (session && session.session_id) {
      // A reload resumes the conversation: the page lost the transcript, so replay the
      // session's events from the start (status lines included), then follow live.
      session.last_event_id = 0;
      session.last_message_id = 0;
      session.status = "waiting";
      showChat();
      setOpen(true);
      connect();
      poll();
    }
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
