// The supervisor wallboard: the realtime stats document rendered as a queue table, headline
// tiles and an agent grid. It listens on WS /ws/wallboard and, while the socket is down,
// polls GET /api/v1/stats/realtime every 2 s so the board never silently freezes.

import {
  api,
  ApiError,
  auth,
  bindLoginForm,
  setUnauthorisedHandler,
  showConnection,
  showView,
} from "./common.js";
import { formatClock, secondsSince } from "./lib/format.js";
import { AUTH_CLOSE_CODES, LiveSocket, socketUrl } from "./lib/live-socket.js";
import { PERIODS } from "./lib/wallboard-model.js";
import { AdherencePanel } from "./wallboard/adherence-panel.js";
import { BoardView } from "./wallboard/board-view.js";

const POLL_EVERY_MS = 2000;

const app = document.querySelector("[data-view=app]");
const connection = app.querySelector("[data-role=connection]");
const updated = app.querySelector("[data-testid=last-updated]");
const view = new BoardView(app);
const adherence = new AdherencePanel(app);
let socket = null;
let pollTimer = null;
let lastUpdate = null;

function apply(document) {
  if (!document || !Array.isArray(document.queues)) return;
  lastUpdate = Date.now();
  view.render(document);
  showUpdated();
}

function showUpdated() {
  if (lastUpdate === null) return;
  const age = Math.round(secondsSince(new Date(lastUpdate).toISOString(), Date.now()) || 0);
  const clock = formatClock(new Date(lastUpdate).toISOString());
  updated.textContent = age < 3 ? `Updated ${clock}` : `Updated ${clock} (${age} s ago)`;
  updated.classList.toggle("stale", age >= 10);
}

async function poll() {
  try {
    apply(await api("/api/v1/stats/realtime"));
    if (!socket || !socket.isOpen) showConnection(connection, "polling");
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 403) {
      forbid();
    } else {
      showConnection(connection, "retrying");
    }
  }
}

function setPolling(on) {
  if (on && pollTimer === null) {
    pollTimer = setInterval(poll, POLL_EVERY_MS);
  } else if (!on && pollTimer !== null) {
    clearInterval(pollTimer);
    pollTimer = null;
  }
}

async function start() {
  showView("app");
  try {
    apply(await api("/api/v1/stats/realtime"));
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 403) {
      forbid();
      return;
    }
    if (failure instanceof ApiError && failure.status === 401) return;
  }
  socket = new LiveSocket({
    url: () => socketUrl(location.href, "/ws/wallboard", { token: auth.token }),
    onEvent: apply,
    onStatus: (status, detail) => {
      setPolling(status !== "open" && status !== "closed");
      if (status === "retrying" && detail && AUTH_CLOSE_CODES.has(detail.code)) {
        poll(); // 401 sends us to the login form, 403 to the "not for your role" page
      }
      showConnection(connection, status === "open" || pollTimer === null ? status : "polling");
    },
  });
  socket.start();
  adherence.start();
}

function stop() {
  if (socket) socket.stop();
  socket = null;
  adherence.stop();
  setPolling(false);
}

function forbid() {
  stop();
  showView("forbidden");
}

function logOut() {
  stop();
  api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});
  auth.token = null;
  showView("login");
}

for (const button of document.querySelectorAll("[data-role=logout]")) {
  button.addEventListener("click", logOut);
}

for (const button of app.querySelectorAll("[data-period]")) {
  button.addEventListener("click", () => {
    for (const other of app.querySelectorAll("[data-period]")) {
      other.setAttribute("aria-pressed", String(other === button));
    }
    app.querySelector("[data-role=period-label]").textContent = `\u00b7 ${PERIODS[button.dataset.period]}`;
    view.setPeriod(button.dataset.period);
  });
}

setInterval(() => {
  view.tick();
  showUpdated();
}, 1000);

setUnauthorisedHandler(() => {
  stop();
  showView("login");
});
bindLoginForm(document.querySelector("[data-view=login]"), start);

if (auth.token) {
  start();
} else {
  showView("login");
}
