// The customer's side of the public chat API, and the session kept in the host page's
// sessionStorage ({session_id, token, last_event_id, ...}) so a reload resumes the chat.

/** Raised for any non-2xx answer; `status` lets callers tell "ended" (409) from "gone". */
export class ChatApiError extends Error {
  constructor(status, detail) {
    super(detail || `request failed (${status})`);
    this.status = status;
  }
}

export class ChatApi {
  constructor(base, storage = globalThis.sessionStorage) {
    this.base = base;
    this.storage = storage;
    this.key = `fl.chat.${base}`;
    this.session = this.load();
  }

  load() {
    try {
      const stored = JSON.parse(this.storage.getItem(this.key) || "null");
      return stored && stored.session_id && stored.token ? stored : null;
    } catch {
      return null;
    }
  }

  save() {
    if (this.session) this.storage.setItem(this.key, JSON.stringify(this.session));
  }

  forget() {
    this.session = null;
    this.storage.removeItem(this.key);
  }

  async request(path, { method = "GET", json } = {}) {
    const headers = { Accept: "application/json" };
    if (json !== undefined) headers["Content-Type"] = "application/json";
    if (this.session) headers.Authorization = `Bearer ${this.session.token}`;
    const response = await fetch(this.base + path, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      mode: "cors",
      credentials: "omit",
    });
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      throw new ChatApiError(response.status, data && typeof data.detail === "string" ? data.detail : "");
    }
    return data;
  }

  sessionPath(suffix = "") {
    return `/api/v1/chat/sessions/${encodeURIComponent(this.session.session_id)}${suffix}`;
  }

  async start({ name, email, message, queue }) {
    const body = queue ? { name, email, message, queue } : { name, email, message };
    const answer = await this.request("/api/v1/chat/sessions", { method: "POST", json: body });
    this.session = {
      session_id: answer.session_id,
      token: answer.token,
      status: answer.status || "waiting",
      last_event_id: 0,
      last_message_id: 0,
    };
    this.save();
    return this.session;
  }

  send(text) {
    return this.request(this.sessionPath("/messages"), { method: "POST", json: { text } });
  }

  messagesAfter(messageId) {
    return this.request(this.sessionPath(`/messages?after=${encodeURIComponent(messageId || 0)}`));
  }

  typing() {
    return this.request(this.sessionPath("/typing"), { method: "POST" });
  }

  end() {
    return this.request(this.sessionPath("/end"), { method: "POST" });
  }

  /** The WebSocket URL resuming after `afterId`. */
  socketUrl(afterId) {
    const url = new URL(`/ws/chat/${encodeURIComponent(this.session.session_id)}`, this.base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("token", this.session.token);
    url.searchParams.set("after", String(afterId || 0));
    return url.toString();
  }
}
