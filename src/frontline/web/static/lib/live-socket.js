// A WebSocket that keeps itself open: it reconnects with exponential backoff and resumes from
// the last event id it applied, so the desktop and the wallboard survive network blips and
// server restarts without losing or doubling events.

import { backoffDelay, EventCursor } from "./resume.js";

export class LiveSocket {
  /**
   * @param {object} options
   * @param {(afterId: number) => string} options.url  builds the URL for a (re)connection
   * @param {(event: object) => void} options.onEvent  called once per new event
   * @param {(status: string, detail?: object) => void} [options.onStatus]
   *        "connecting" | "open" | "retrying" | "closed"
   * @param {EventCursor} [options.cursor]  where the last applied id is kept
   * @param {Function} [options.WebSocketImpl]  injectable for tests
   * @param {Function} [options.setTimer] / [options.clearTimer]  injectable for tests
   */
  constructor(options) {
    this.url = options.url;
    this.onEvent = options.onEvent;
    this.onStatus = options.onStatus || (() => {});
    this.cursor = options.cursor || new EventCursor();
    this.WebSocketImpl = options.WebSocketImpl || globalThis.WebSocket;
    this.setTimer = options.setTimer || ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer || ((handle) => clearTimeout(handle));
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  /** Close for good (logout, page leaving): no reconnect follows. */
  stop() {
    this.stopped = true;
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close(1000, "client closing");
    }
    this.onStatus("closed");
  }

  /** Send a JSON message if the socket is open; returns whether it went out. */
  send(message) {
    if (this.socket && this.socket.readyState === 1) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  get isOpen() {
    return Boolean(this.socket && this.socket.readyState === 1);
  }

  connect() {
    if (this.stopped) {
      return;
    }
    this.timer = null;
    this.onStatus("connecting");
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url(this.cursor.lastId));
    } catch (error) {
      this.scheduleRetry({ code: 0, reason: String(error) });
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.onStatus("open");
    };
    socket.onmessage = (message) => this.handleMessage(message.data);
    socket.onclose = (closing) => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.scheduleRetry({ code: closing.code, reason: closing.reason });
    };
  }

  handleMessage(data) {
    let event;
    try {
      event = JSON.parse(data);
    } catch {
      return; // not ours to interpret; a malformed frame must not break the page
    }
    if (this.cursor.accept(event)) {
      this.onEvent(event);
    }
  }

  scheduleRetry(detail) {
    if (this.stopped) {
      return;
    }
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.onStatus("retrying", { ...detail, delayMs: delay, attempt: this.attempt });
    this.timer = this.setTimer(() => this.connect(), delay);
  }
}

/** Close codes a server uses to refuse credentials (RFC 6455 policy violation, 4401, 4403). */
export const AUTH_CLOSE_CODES = new Set([1008, 4401, 4403]);

/** ws:// or wss:// URL for a path on the given http(s) base. */
export function socketUrl(base, path, params) {
  const url = new URL(path, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") {
      url.searchParams.set(name, String(value));
    }
  }
  return url.toString();
}
