// Shared by the agent desktop and the wallboard: a safe DOM builder, the login token, a fetch
// wrapper that sends an expired session back to the login form, and the login form itself.
// Data from the server or a customer only ever reaches the page through textContent and
// attribute setters, never through HTML parsing, so a message cannot inject markup.

const TOKEN_KEY = "fl.staff.token";

/**
 * Build an element: el("button", {class: "primary", dataset: {testid: "x"}, onclick: fn}, "Go").
 * Strings among the children become text nodes; null/false children are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === "class") {
      node.className = value;
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "text") {
      node.textContent = String(value);
    } else if (value === true) {
      node.setAttribute(name, "");
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replace all children of `node` with `children` (built with el or plain strings). */
export function replaceChildren(node, ...children) {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
  append(node, children);
  return node;
}

export const auth = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
    } else {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  },
};

/** Raised by api() for any non-2xx answer; `detail` is the server's message when it sent one. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `request failed (${status})`);
    this.status = status;
    this.detail = detail;
  }
}

let onUnauthorised = () => {};

/** What to do when the server says the session is gone (normally: show the login form). */
export function setUnauthorisedHandler(handler) {
  onUnauthorised = handler;
}

function errorText(body) {
  if (!body) {
    return "";
  }
  if (typeof body.detail === "string") {
    return body.detail;
  }
  if (Array.isArray(body.detail) && body.detail.length > 0) {
    return body.detail.map((item) => item.msg || String(item)).join("; ");
  }
  return typeof body.message === "string" ? body.message : "";
}

/** fetch() with the bearer token and JSON in/out; throws ApiError, and on 401 logs out. */
export async function api(path, { method = "GET", json, form, signal } = {}) {
  const headers = { Accept: "application/json" };
  let body;
  if (auth.token) {
    headers.Authorization = `Bearer ${auth.token}`;
  }
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = new URLSearchParams(form);
  }
  const response = await fetch(path, { method, headers, body, signal, credentials: "same-origin" });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.status === 401 && form === undefined) {
    auth.token = null;
    onUnauthorised();
  }
  if (!response.ok) {
    throw new ApiError(response.status, errorText(data));
  }
  return data;
}

/**
 * Wire the login form in `root`: on success keep the token and call onLoggedIn().
 * The form is plain HTML in the page, so it works with the keyboard and password managers.
 */
export function bindLoginForm(root, onLoggedIn) {
  const form = root.querySelector("form");
  const error = root.querySelector("[data-role=login-error]");
  const submit = root.querySelector("[data-testid=login-submit]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    const data = new FormData(form);
    try {
      const answer = await api("/api/v1/auth/token", {
        method: "POST",
        form: {
          username: String(data.get("username") || ""),
          password: String(data.get("password") || ""),
        },
      });
      auth.token = answer.access_token;
      form.reset();
      await onLoggedIn();
    } catch (failure) {
      error.textContent =
        failure instanceof ApiError && failure.status === 401
          ? "Wrong username or password."
          : failure.message || "Could not log in.";
    } finally {
      submit.disabled = false;
    }
  });
}

/** Show exactly one of the page's top-level views ("login" or "app"). */
export function showView(name) {
  for (const view of document.querySelectorAll("[data-view]")) {
    view.hidden = view.dataset.view !== name;
  }
  const focus = document.querySelector(`[data-view=${name}] [autofocus]`);
  if (focus) {
    focus.focus();
  }
}

const CONNECTION_TEXT = {
  open: "Live",
  connecting: "Connecting\u2026",
  retrying: "Reconnecting\u2026",
  polling: "Live (polling)",
  closed: "Offline",
};

/** Update a connection indicator element (a dot plus a word, with an accessible label). */
export function showConnection(node, status) {
  node.dataset.status = status;
  node.textContent = CONNECTION_TEXT[status] || status;
  node.setAttribute("aria-label", `Connection: ${node.textContent}`);
}

/** Show a short notice in the page's status region, read out by screen readers. */
export function notify(message, kind = "info") {
  const region = document.querySelector("[data-role=notices]");
  if (!region) {
    return;
  }
  const notice = el("div", { class: `notice notice-${kind}`, role: "status" }, message);
  region.appendChild(notice);
  setTimeout(() => notice.remove(), 6000);
}
