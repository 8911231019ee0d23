// Wrap-up (after-contact work): a disposition code, notes, and a visible timer, because ACW is
// part of handle time and agents who see it running keep it short. With a server deadline
// (`until`) the timer counts down and turns amber near the end; without one it counts up.

import { api, ApiError, el } from "../common.js";
import { formatDuration, humanise, secondsSince, secondsUntil } from "../lib/format.js";

/**
 * Dispositions arrive as codes (["resolved"]), objects ([{code, label}]) or a code-to-label map
 * ({resolved: "Resolved"}); all become {value, label} options.
 */
export function dispositionOptions(dispositions) {
  if (dispositions && !Array.isArray(dispositions) && typeof dispositions === "object") {
    return Object.entries(dispositions).map(([value, label]) => ({ value, label: String(label) }));
  }
  return (dispositions || []).map((item) => {
    if (typeof item === "string") {
      return { value: item, label: humanise(item) };
    }
    const value = String(item.code ?? item.id ?? item.name);
    return { value, label: item.label || item.name || humanise(value) };
  });
}

export class WrapUpForm {
  constructor({ interactionId, dispositions, startedAt, until, onDone }) {
    this.interactionId = interactionId;
    this.startedAt = startedAt || new Date().toISOString();
    this.until = until || null;
    this.onDone = onDone;
    const options = dispositionOptions(dispositions);
    this.select = el(
      "select",
      {
        id: `wrapup-disposition-${interactionId}`,
        dataset: { testid: "wrapup-disposition" },
        required: true,
      },
      el("option", { value: "" }, "Choose a disposition\u2026"),
      options.map((option) => el("option", { value: option.value }, option.label)),
    );
    this.notes = el("textarea", {
      id: `wrapup-notes-${interactionId}`,
      rows: 2,
      dataset: { testid: "wrapup-notes" },
      placeholder: "What was the outcome? Anything the next agent should know?",
    });
    this.timer = el("span", { class: "acw-timer", dataset: { testid: "acw-timer" } });
    this.error = el("p", { class: "form-error", role: "alert" });
    this.submit = el(
      "button",
      { class: "button primary", type: "submit", dataset: { testid: "wrapup-submit" } },
      "Submit wrap-up",
    );
    this.node = el(
      "form",
      { class: "wrapup", "aria-label": "Wrap-up" },
      el("div", { class: "wrapup-head" }, el("h3", {}, "Wrap-up"), this.timer),
      el("label", { for: this.select.id }, "Disposition"),
      this.select,
      el("label", { for: this.notes.id }, "Notes"),
      this.notes,
      this.error,
      el("div", { class: "wrapup-actions" }, this.submit),
    );
    this.node.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.ticker = setInterval(() => this.tick(), 1000);
    this.tick();
  }

  tick() {
    const now = Date.now();
    if (this.until) {
      const left = secondsUntil(this.until, now);
      this.timer.textContent = `After-contact work \u00b7 ${formatDuration(left)} left`;
      this.timer.classList.toggle("acw-late", left !== null && left <= 15);
    } else {
      const spent = secondsSince(this.startedAt, now);
      this.timer.textContent = `After-contact work \u00b7 ${formatDuration(spent)}`;
      this.timer.classList.toggle("acw-late", spent !== null && spent >= 120);
    }
  }

  focus() {
    this.select.focus();
  }

  dispose() {
    clearInterval(this.ticker);
  }

  async send() {
    this.error.textContent = "";
    if (!this.select.value) {
      this.error.textContent = "Choose a disposition before submitting.";
      this.select.focus();
      return;
    }
    this.submit.disabled = true;
    try {
      await api(`/api/v1/interactions/${encodeURIComponent(this.interactionId)}/wrap-up`, {
        method: "POST",
        json: { disposition: this.select.value, notes: this.notes.value.trim() },
      });
      this.dispose();
      this.onDone();
    } catch (failure) {
      this.error.textContent =
        failure instanceof ApiError && failure.status === 422
          ? "That disposition is not accepted; choose another."
          : failure.message || "Could not submit the wrap-up.";
    } finally {
      this.submit.disabled = false;
    }
  }
}
