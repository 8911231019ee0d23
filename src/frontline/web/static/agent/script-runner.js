// The guided script of the contact in hand, one step at a time. When the agent accepts a
// contact, the script attached to its queue starts by itself (so a compliance statement cannot
// be skipped by never opening it); every answer is saved on the interaction through the
// scripts API, and the server refuses the wrap-up while a mandatory step is still pending.

import { api, ApiError, el, replaceChildren } from "../common.js";

const RUNS = "/api/v1/script-runs/";

/** The value the API expects for `step` from what the agent entered, or an error to show. */
export function answerFor(step, raw) {
  if (step.kind === "statement") {
    return raw === true ? { value: true } : { error: "Confirm that you read the statement out." };
  }
  if (step.kind === "info") return { value: null };
  const text = String(raw ?? "").trim();
  if (!text) return { error: step.kind === "question" ? "Choose an answer." : "Type the answer." };
  return { value: text };
}

/** "2 mandatory steps pending: dpa, consent" or "" when none. */
export function pendingNote(pending) {
  if (!pending || !pending.length) return "";
  const what = pending.length === 1 ? "mandatory step pending" : "mandatory steps pending";
  return `${pending.length} ${what}: ${pending.join(", ")}`;
}

export class ScriptRunner {
  constructor() {
    this.node = el("section", { class: "script-runner", "aria-label": "Guided script" });
    this.interactionId = null;
  }

  /** Load (or start) the script of this interaction; nothing shows for a queue without one. */
  async open(interactionId, queue) {
    this.interactionId = String(interactionId);
    replaceChildren(this.node);
    const id = this.interactionId;
    let run = await this.request("GET", "").catch((failure) => {
      if (failure instanceof ApiError && failure.status === 404) return null;
      throw failure;
    });
    let title = "";
    if (!run && queue) {
      const scripts = await api(`/api/v1/scripts?queue=${encodeURIComponent(queue)}`).catch(() => []);
      if (scripts.length) {
        title = scripts[0].title;
        run = await this.request("POST", "", { script_id: scripts[0].id });
      }
    } else if (run) {
      const script = await api(`/api/v1/scripts/${encodeURIComponent(run.script_id)}`).catch(() => null);
      title = script ? script.title : run.script_id;
    }
    if (id === this.interactionId) this.render(run, title);
  }

  request(method, tail, json) {
    const path = `${RUNS}${encodeURIComponent(this.interactionId)}${tail}`;
    return api(path, { method, json });
  }

  render(run, title) {
    if (!run) {
      replaceChildren(this.node);
      return;
    }
    const pending = el("p", { class: "script-pending", dataset: { testid: "script-pending" } },
      pendingNote(run.pending_mandatory));
    const head = el("h3", {}, title || "Script");
    if (run.finished || !run.current_step) {
      replaceChildren(this.node, head,
        el("p", { class: "script-done", dataset: { testid: "script-done" } }, "Script complete."),
        pending);
      return;
    }
    replaceChildren(this.node, head, this.stepForm(run, title), pending);
  }

  stepForm(run, title) {
    const step = run.current_step;
    const error = el("p", { class: "form-error", role: "alert" });
    const input = answerInput(step, this.interactionId);
    const next = el("button", { class: "button primary", type: "submit", dataset: { testid: "script-next" } },
      step.kind === "info" ? "Continue" : "Next");
    const form = el("form", { class: "script-step", dataset: { testid: "script-step", step: step.id } },
      el("p", { class: "script-prompt" }, step.prompt,
        step.mandatory ? el("span", { class: "tag tag-mandatory" }, "Mandatory") : null),
      input.node, error, next);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answer = answerFor(step, input.value());
      if (answer.error) {
        error.textContent = answer.error;
        return;
      }
      next.disabled = true;
      try {
        this.render(await this.request("POST", "/answer", { step: step.id, value: answer.value }), title);
      } catch (failure) {
        error.textContent = failure.message || "Could not save the answer.";
        next.disabled = false;
      }
    });
    return form;
  }
}

/** The control for one step and a getter of its value. */
function answerInput(step, interactionId) {
  const id = `script-answer-${interactionId}-${step.id}`;
  if (step.kind === "question") {
    const select = el("select", { id, dataset: { testid: "script-answer" } },
      el("option", { value: "" }, "Choose\u2026"),
      (step.options || []).map((option) => el("option", { value: option.value }, option.label || option.value)));
    return { node: el("div", {}, el("label", { for: id, class: "visually-hidden" }, "Answer"), select),
      value: () => select.value };
  }
  if (step.kind === "text") {
    const input = el("input", { id, dataset: { testid: "script-answer" }, maxlength: step.max_length || 2000 });
    return { node: el("div", {}, el("label", { for: id, class: "visually-hidden" }, "Answer"), input),
      value: () => input.value };
  }
  if (step.kind === "statement") {
    const box = el("input", { id, type: "checkbox", dataset: { testid: "script-answer" } });
    return { node: el("label", { for: id, class: "script-confirm" }, box, " I have read this out"),
      value: () => box.checked };
  }
  return { node: el("span"), value: () => null };
}
