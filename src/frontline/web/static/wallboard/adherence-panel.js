// Out-of-adherence alerts on the wallboard: agents whose state has not matched their published
// schedule for longer than the grace period (GET /api/v1/adherence/alerts). Alerts change on a
// scale of minutes, so a poll every 20 s is enough; a role without schedule access (403) simply
// hides the panel instead of breaking the board.

import { api, ApiError, el, replaceChildren } from "../common.js";

const POLL_EVERY_MS = 20000;

const ACTIVITY_LABELS = {
  work: "Working",
  break: "Break",
  lunch: "Lunch",
  training: "Training",
  meeting: "Meeting",
  off: "Off",
};

function row(alert, graceSeconds) {
  const minutes = Number(alert.minutes_out) || 0;
  const severe = minutes * 60 >= 2 * graceSeconds;
  const actual = alert.reason ? `${alert.state} (${alert.reason})` : alert.state;
  return el(
    "li",
    {
      class: severe ? "adherence-alert severe" : "adherence-alert",
      dataset: { testid: `adherence-alert-${alert.username}` },
    },
    el("span", { class: "adherence-name" }, alert.display_name || alert.username),
    el(
      "span",
      { class: "adherence-detail muted" },
      `scheduled ${ACTIVITY_LABELS[alert.scheduled_activity] || alert.scheduled_activity}, is ${actual}`,
    ),
    el("span", { class: "adherence-minutes" }, `${Math.round(minutes)} min`),
  );
}

export class AdherencePanel {
  constructor(root) {
    this.section = root.querySelector("[data-role=adherence]");
    this.list = root.querySelector("[data-role=adherence-list]");
    this.summary = root.querySelector("[data-role=adherence-summary]");
    this.timer = null;
  }

  start() {
    if (!this.section || this.timer !== null) return;
    this.refresh();
    this.timer = setInterval(() => this.refresh(), POLL_EVERY_MS);
  }

  stop() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh() {
    try {
      this.render(await api("/api/v1/adherence/alerts"));
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 403 || failure.status === 404)) {
        this.section.hidden = true;
        this.stop();
      }
    }
  }

  render(document) {
    const alerts = Array.isArray(document && document.alerts) ? document.alerts : [];
    const grace = Number(document && document.grace_seconds) || 300;
    this.section.hidden = false;
    this.summary.textContent =
      alerts.length === 0
        ? `Everyone on schedule (grace ${Math.round(grace / 60)} min)`
        : `${alerts.length} out of adherence for more than ${Math.round(grace / 60)} min`;
    replaceChildren(this.list, alerts.map((alert) => row(alert, grace)));
  }
}
