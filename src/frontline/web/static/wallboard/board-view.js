// Draws the wallboard document: rows and cards are keyed by queue name and username and
// updated in place, so a once-a-second refresh does not flicker or lose the reader's place.

import { el, replaceChildren } from "../common.js";
import { formatDuration, formatPercent, humanise, secondsSince } from "../lib/format.js";
import { occupancyStatus, queueCells, totals } from "../lib/wallboard-model.js";
import { normaliseTarget, serviceLevelStatus } from "../lib/thresholds.js";

const STATE_ORDER = ["busy", "reserved", "wrap_up", "available", "break", "not_ready", "offline"];
const STATE_LABELS = {
  available: "Ready",
  busy: "Busy",
  reserved: "Offer pending",
  wrap_up: "Wrap-up",
  not_ready: "Not ready",
  offline: "Offline",
  break: "Break",
};

export class BoardView {
  constructor(root) {
    this.queueBody = root.querySelector("[data-role=queue-rows]");
    this.agentGrid = root.querySelector("[data-role=agent-grid]");
    this.agentSummary = root.querySelector("[data-role=agent-summary]");
    this.tiles = root.querySelector("[data-role=tiles]");
    this.period = "today";
    this.document = null;
    this.queueRows = new Map();
    this.agentCards = new Map();
  }

  setPeriod(period) {
    this.period = period;
    if (this.document) this.render(this.document);
  }

  render(document) {
    this.document = document;
    this.renderTiles(document);
    this.renderQueues(document.queues || []);
    this.renderAgents(document.agents || []);
  }

  renderTiles(document) {
    const sum = totals(document, this.period);
    const tile = (label, value, status = "none", testid) =>
      el(
        "div",
        { class: `tile status-${status}`, dataset: { testid: `tile-${testid}` } },
        el("span", { class: "tile-label" }, label),
        el("span", { class: "tile-value" }, value),
      );
    // The total is coloured only when every queue shares one target; mixed targets have no
    // single honest goal to compare the blended figure with.
    const queues = document.queues || [];
    const targets = new Set(queues.map((queue) => normaliseTarget(queue.sl_target)));
    const sharedTarget = targets.size === 1 ? [...targets][0] : null;
    replaceChildren(
      this.tiles,
      tile("Waiting now", String(sum.waiting), "none", "waiting"),
      // green would be noise on a headline tile: only the warning colours are shown
      tile(
        "Longest wait",
        formatDuration(sum.longestWait),
        warningOnly(sum.longestWaitStatus),
        "longest-wait",
      ),
      tile(
        `Service level \u00b7 ${this.period === "today" ? "today" : "30 min"}`,
        formatPercent(sum.serviceLevel),
        serviceLevelStatus(sum.serviceLevel, sharedTarget),
        "service-level",
      ),
      tile("Agents ready", `${sum.ready} of ${sum.loggedIn}`, "none", "ready"),
      tile("Handling", String(sum.handling), "none", "handling"),
      tile("Away", String(sum.away), "none", "away"),
    );
  }

  renderQueues(queues) {
    const seen = new Set();
    for (const queue of queues) {
      const name = String(queue.name);
      seen.add(name);
      let row = this.queueRows.get(name);
      if (!row) {
        const testid = `queue-row-${name}`;
        row = el("tr", { dataset: { testid, queue: name } }, el("th", { scope: "row" }, name));
        this.queueRows.set(name, row);
      }
      this.queueBody.appendChild(row); // keeps the server's order
      const cells = queueCells(queue, this.period);
      cells.forEach((cell, index) => {
        let td = row.children[index + 1];
        if (!td) {
          td = el("td", { class: "num" });
          row.appendChild(td);
        }
        td.dataset.metric = cell.metric;
        td.dataset.status = cell.status;
        td.textContent = cell.text;
        if (cell.title) td.title = cell.title;
        else td.removeAttribute("title");
      });
    }
    this.dropMissing(this.queueRows, seen);
    if (!queues.length && !this.queueBody.querySelector(".empty-row")) {
      const cell = el("td", { colspan: 10, class: "muted" }, "No queues to show.");
      this.queueBody.appendChild(el("tr", { class: "empty-row" }, cell));
    } else if (queues.length) {
      this.queueBody.querySelectorAll(".empty-row").forEach((row) => row.remove());
    }
  }

  renderAgents(agents) {
    const sorted = [...agents].sort(
      (a, b) =>
        stateRank(a.state) - stateRank(b.state) ||
        String(a.username).localeCompare(String(b.username)),
    );
    const seen = new Set();
    for (const agent of sorted) {
      const name = String(agent.username);
      seen.add(name);
      let card = this.agentCards.get(name);
      if (!card) {
        card = buildAgentCard(name);
        this.agentCards.set(name, card);
      }
      fillAgentCard(card, agent);
      this.agentGrid.appendChild(card.node);
    }
    this.dropMissing(this.agentCards, seen, (card) => card.node);
    const online = agents.filter((agent) => agent.state !== "offline").length;
    this.agentSummary.textContent = `${online} logged in \u00b7 ${agents.length} in total`;
    this.tick();
  }

  dropMissing(map, seen, nodeOf = (node) => node) {
    for (const [key, value] of map) {
      if (!seen.has(key)) {
        nodeOf(value).remove();
        map.delete(key);
      }
    }
  }

  /** Time in state advances locally between updates. */
  tick() {
    const now = Date.now();
    for (const card of this.agentCards.values()) {
      card.time.textContent = formatDuration(card.since ? secondsSince(card.since, now) : null);
    }
  }
}

function warningOnly(status) {
  return status === "red" || status === "amber" ? status : "none";
}

function stateRank(state) {
  const index = STATE_ORDER.indexOf(state);
  return index === -1 ? STATE_ORDER.length : index;
}

function buildAgentCard(username) {
  const card = {
    state: el("span", { class: "state-pill", dataset: { metric: "state" } }),
    time: el("span", { class: "agent-time", dataset: { metric: "time_in_state" } }),
    active: el("span", { dataset: { metric: "active_interactions" } }),
    occupancy: el("span", { dataset: { metric: "occupancy" } }),
    meter: el("span", { class: "meter-fill" }),
  };
  card.node = el(
    "li",
    { class: "agent-card", dataset: { testid: `agent-row-${username}`, username } },
    el("div", { class: "agent-top" }, el("span", { class: "agent-name" }, username), card.state),
    el("dl", { class: "agent-facts" },
      el("div", {}, el("dt", {}, "In state"), el("dd", {}, card.time)),
      el("div", {}, el("dt", {}, "Chats"), el("dd", {}, card.active)),
      el("div", {}, el("dt", {}, "Occupancy"), el("dd", {}, card.occupancy))),
    el("span", { class: "meter", "aria-hidden": "true" }, card.meter),
  );
  return card;
}

function fillAgentCard(card, agent) {
  const state = agent.state || "offline";
  card.since = agent.since || null;
  card.node.dataset.state = state;
  card.state.dataset.state = state;
  card.state.textContent = STATE_LABELS[state] || humanise(state);
  if (agent.reason) card.state.textContent += ` \u00b7 ${humanise(agent.reason)}`;
  card.active.textContent = String(agent.active_interactions ?? 0);
  card.occupancy.textContent = formatPercent(agent.occupancy);
  card.occupancy.dataset.status = occupancyStatus(agent.occupancy);
  const occupancy = Number(agent.occupancy);
  const share = Number.isFinite(occupancy) ? Math.min(1, Math.max(0, occupancy)) : 0;
  card.meter.style.transform = `scaleX(${share.toFixed(3)})`;
  card.meter.dataset.status = occupancyStatus(agent.occupancy);
}
