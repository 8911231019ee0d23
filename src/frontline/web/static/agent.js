// The agent desktop: log in, rebuild the view from the desktop snapshot, then follow the
// agent's event stream. A reload or a dropped socket resumes from the last event id applied,
// and every event handler is idempotent, so a replayed event changes nothing twice.

import {
  api,
  auth,
  bindLoginForm,
  el,
  notify,
  replaceChildren,
  setUnauthorisedHandler,
  showConnection,
  showView,
} from "./common.js";
import { CaseList } from "./agent/case-list.js";
import { CustomerPanel } from "./agent/customer-panel.js";
import { Conversations } from "./agent/conversations.js";
import { OfferTray } from "./agent/offers.js";
import { StateBar } from "./agent/state-bar.js";
import { AUTH_CLOSE_CODES, LiveSocket, socketUrl } from "./lib/live-socket.js";
import { EventCursor } from "./lib/resume.js";

const CURSOR_KEY = "fl.agent.after";

const app = document.querySelector("[data-view=app]");
const stateBar = new StateBar(app);
const customerPanel = new CustomerPanel(app);
const conversations = new Conversations(app, {
  onSelect: (conversation) => customerPanel.show(conversation),
  sendTyping: (interactionId) => socket && socket.send({ type: "typing", interaction_id: interactionId }),
});
const offers = new OfferTray(app.querySelector("[data-role=offers]"), {
  onAccepted: (interaction) => conversations.upsert(interaction, { select: true }),
});
const caseList = new CaseList(app.querySelector("[data-role=case-view]"));
const connection = app.querySelector("[data-role=connection]");

/** Conversations or the case list fill the workspace; offers still pop over either. */
function showDeskView(name) {
  app.querySelector("#workspace").hidden = name !== "conversations";
  app.querySelector("[data-role=case-view]").hidden = name !== "cases";
  for (const button of app.querySelectorAll("[data-desk-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.deskView === name));
  }
  if (name === "cases") caseList.load();
}
for (const button of app.querySelectorAll("[data-desk-view]")) {
  button.addEventListener("click", () => showDeskView(button.dataset.deskView));
}
let socket = null;

const handlers = {
  state: (event) => stateBar.show(event),
  offer: (event) => {
    if (conversations.get(event.interaction_id)) return;
    offers.show(event);
    customerPanel.popOffer(event); // the screen-pop: the customer's history before accepting
  },
  offer_revoked: (event) => {
    offers.revoke(event.interaction_id, event.reason);
    customerPanel.offerGone(event.interaction_id);
  },
  assigned: (event) => {
    const interaction = event.interaction || { id: event.interaction_id };
    offers.revoke(interaction.id, "accepted");
    conversations.upsert(interaction);
  },
  message: (event) => {
    const conversation = conversations.get(event.interaction_id);
    if (conversation && event.message) conversation.addMessage(event.message);
  },
  typing: (event) => {
    const conversation = conversations.get(event.interaction_id);
    if (conversation) conversation.showTyping();
  },
  ended: (event) => {
    const conversation = conversations.get(event.interaction_id);
    if (conversation) conversation.ended(event.by);
  },
  wrap_up: (event) => {
    const conversation = conversations.get(event.interaction_id);
    if (conversation) conversation.startWrapUp(event.until, event.since);
  },
  closed: (event) => conversations.remove(event.interaction_id),
};

function onEvent(event) {
  const handle = handlers[event.type];
  if (handle) handle(event);
}

/** Rebuild everything from GET /agents/me/desktop, then (re)open the event stream. */
async function start() {
  showView("app");
  const cursor = new EventCursor(sessionStorage, CURSOR_KEY);
  try {
    const [desktop, me] = await Promise.all([
      api("/api/v1/agents/me/desktop"),
      api("/api/v1/users/me").catch(() => null),
    ]);
    app.querySelector("[data-role=user-name]").textContent = me ? me.display_name || me.username : "";
    conversations.dispositions = desktop.dispositions || [];
    conversations.dispositionsByQueue = desktop.dispositions_by_queue || {};
    conversations.setCapacity(desktop.capacity);
    stateBar.show(desktop);
    fillTransferTargets(desktop);
    for (const interaction of desktop.interactions || []) {
      if (interaction.status === "offered" || interaction.offer) {
        offers.show(offerFromSnapshot(interaction));
        customerPanel.popOffer(offerFromSnapshot(interaction));
      } else {
        conversations.upsert(interaction);
      }
    }
    // The snapshot already reflects events up to its own id; resume after it when given.
    if (desktop.last_event_id !== undefined) cursor.moveTo(desktop.last_event_id);
  } catch (failure) {
    if (failure.status === 401) return;
    notify(`Could not load your desktop: ${failure.message}`, "error");
  }
  socket = new LiveSocket({
    cursor,
    url: (after) => socketUrl(location.href, "/ws/agent", { token: auth.token, after: after || null }),
    onEvent,
    onStatus: (status, detail) => {
      showConnection(connection, status);
      // A refused handshake looks like any network error (1006) to the browser; after a few
      // failures, or an explicit auth close code, an API call tells an expired session (401:
      // back to the login form) from a server that is simply away.
      if (status === "retrying" && (AUTH_CLOSE_CODES.has(detail.code) || detail.attempt % 3 === 0)) {
        api("/api/v1/users/me").catch(() => {});
      }
    },
  });
  socket.start();
}

/** A pending offer listed in the snapshot, in the shape of an `offer` event. */
function offerFromSnapshot(interaction) {
  const customer = interaction.customer || {
    id: interaction.customer_id,
    name: interaction.customer_name,
    email: interaction.customer_email,
  };
  return { ...interaction, ...(interaction.offer || {}), interaction_id: interaction.id, customer };
}

/** Queue names for the transfer box; agents may not list queues, so failures are quiet. */
async function fillTransferTargets(desktop) {
  const names = new Set((desktop.queues || []).map((queue) => queue.name || queue));
  try {
    const page = await api("/api/v1/agents/me");
    (page.queues || []).forEach((queue) => names.add(queue.name));
  } catch {
    // no agent profile details: the agent types the name
  }
  let list = document.getElementById("transfer-queues");
  if (!list) {
    list = el("datalist", { id: "transfer-queues" });
    document.body.appendChild(list);
  }
  replaceChildren(list, [...names].sort().map((name) => el("option", { value: name })));
}

function stop() {
  if (socket) socket.stop();
  socket = null;
  offers.clear();
  conversations.clear();
}

setUnauthorisedHandler(() => {
  stop();
  showView("login");
});

app.querySelector("[data-testid=logout]").addEventListener("click", async () => {
  await stateBar.goOffline();
  try {
    await api("/api/v1/auth/logout", { method: "POST" });
  } catch {
    // the token is discarded below either way
  }
  stop();
  auth.token = null;
  sessionStorage.removeItem(CURSOR_KEY);
  showView("login");
});

// A fresh login starts from the snapshot; only a reload resumes the previous event position.
bindLoginForm(document.querySelector("[data-view=login]"), () => {
  sessionStorage.removeItem(CURSOR_KEY);
  return start();
});

if (auth.token) {
  start();
} else {
  showView("login");
}
