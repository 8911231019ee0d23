// Knowledge-base search beside the conversation: the agent types a few words and gets the best
// articles with the matching words highlighted. The API sends snippets as escaped text with
// <mark> around matches; they are split into text nodes here, never parsed as HTML.

import { api, el, replaceChildren } from "../common.js";

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };

/** [{text, mark}] pieces of an escaped snippet whose matches are wrapped in <mark>…</mark>. */
export function snippetParts(snippetHtml) {
  const parts = [];
  const pieces = String(snippetHtml || "").split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const piece of pieces) {
    if (piece === "<mark>" || piece === "</mark>") {
      marked = piece === "<mark>";
    } else if (piece) {
      parts.push({ text: piece.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e]), mark: marked });
    }
  }
  return parts;
}

export class KbSearch {
  constructor() {
    this.input = el("input", {
      id: "kb-search-input",
      type: "search",
      placeholder: "Search the knowledge base",
      dataset: { testid: "kb-search" },
      maxlength: 200,
    });
    this.results = el("ol", { class: "kb-results", dataset: { testid: "kb-results" } });
    const form = el("form", { class: "kb-search", role: "search" },
      el("label", { for: this.input.id, class: "visually-hidden" }, "Knowledge base"), this.input);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.search(this.input.value.trim());
    });
    this.node = el("section", { class: "kb-box", "aria-label": "Knowledge base" },
      el("h3", {}, "Knowledge base"), form, this.results);
  }

  async search(words) {
    if (!words) {
      replaceChildren(this.results);
      return;
    }
    replaceChildren(this.results, el("li", { class: "muted" }, "Searching\u2026"));
    try {
      const hits = await api(`/api/v1/kb/search?q=${encodeURIComponent(words)}&limit=5`);
      replaceChildren(this.results, hits.length ? hits.map(hitItem)
        : el("li", { class: "muted" }, "No article matches."));
    } catch (failure) {
      replaceChildren(this.results, el("li", { class: "form-error" }, failure.message || "Search failed."));
    }
  }
}

function hitItem(hit) {
  const snippet = snippetParts(hit.snippet_html).map((part) => (part.mark ? el("mark", {}, part.text) : part.text));
  return el("li", { class: "kb-hit", dataset: { testid: "kb-hit" } },
    el("p", { class: "kb-title" }, hit.title), el("p", { class: "kb-snippet muted" }, snippet));
}
