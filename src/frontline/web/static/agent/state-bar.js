// The agent's availability: the state pill with a ticking time-in-state, and the buttons that
// change it. The server is the authority: the pill changes only on its answer or a `state`
// event, so a refused transition (409) never shows a state the router does not believe.

import { api, ApiError, notify } from "../common.js";
import { formatDuration, humanise, secondsSince } from "../lib/format.js";

const LABELS = {
  available: "Ready",
  not_ready: "Not ready",
  wrap_up: "Wrap-up",
  busy: "Busy",
  reserved: "Offer pending",
  offline: "Offline",
};

/** "Break · Lunch", "Ready", "Not ready": what the pill says for a state and reason. */
export function stateLabel(state, reason) {
  const base = LABELS[state] || humanise(state);
  return reason ? `${base} \u00b7 ${humanise(reason)}` : base;
}

export class StateBar {
  constructor(root) {
    this.pill = root.querySelector("[data-testid=state-current]");
    this.timer = root.querySelector("[data-role=state-timer]");
    this.reason = root.querySelector("[data-testid=break-reason]");
    this.buttons = {
      available: root.querySelector("[data-testid=state-ready]"),
      break: root.querySelector("[data-testid=state-break]"),
      not_ready: root.querySelector("[data-testid=state-not-ready]"),
    };
    this.state = "offline";
    this.since = null;
    this.buttons.available.addEventListener("click", () => this.request("available"));
    this.buttons.not_ready.addEventListener("click", () => this.request("not_ready"));
    this.buttons.break.addEventListener("click", () =>
      this.request("break", this.reason.value || "personal"),
    );
    setInterval(() => this.tick(), 1000);
  }

  /** Apply a state the server reported (snapshot, PUT answer or `state` event). */
  show({ state, reason, since }) {
    this.state = state || "offline";
    this.since = since || new Date().toISOString();
    this.pill.dataset.state = this.state;
    this.pill.textContent = stateLabel(this.state, this.state === "break" ? reason : null);
    for (const [name, button] of Object.entries(this.buttons)) {
      const current = name === this.state;
      button.setAttribute("aria-pressed", String(current));
    }
    if (this.state === "break" && reason) {
      this.reason.value = reason;
    }
    this.tick();
  }

  tick() {
    const elapsed = this.since ? secondsSince(this.since, Date.now()) : null;
    this.timer.textContent = formatDuration(elapsed);
  }

  async request(state, reason) {
    const button = this.buttons[state];
    button.disabled = true;
    try {
      const body = reason ? { state, reason } : { state };
      const answer = await api("/api/v1/agents/me/state", { method: "PUT", json: body });
      this.show(answer || body);
    } catch (failure) {
      const why =
        failure instanceof ApiError && failure.status === 409
          ? `You cannot go ${stateLabel(state).toLowerCase()} right now`
          : "Could not change your state";
      notify(failure.detail ? `${why}: ${failure.detail}` : `${why}.`, "error");
    } finally {
      button.disabled = false;
    }
  }

  /** Going offline is part of logging out; failures there must not block the logout. */
  async goOffline() {
    try {
      await api("/api/v1/agents/me/state", { method: "PUT", json: { state: "offline" } });
    } catch {
      // the session may already be gone; the server times idle agents out anyway
    }
  }
}
