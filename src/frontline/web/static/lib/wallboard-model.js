// What each wallboard cell says and which colour it wears, computed from the realtime stats
// document without touching the DOM (so the rules are unit-tested under node).

import { formatCount, formatDuration, formatPercent } from "./format.js";
import {
  longestWaitStatus,
  normaliseTarget,
  serviceLevelStatus,
  worstStatus,
} from "./thresholds.js";

export const PERIODS = { today: "today", rolling_30m: "last 30 min" };

/** The counters of one queue for a period: today's are top-level, the rolling ones nested. */
export function periodFigures(queue, period) {
  if (period === "rolling_30m") {
    return { ...queue, ...(queue.rolling_30m || {}) };
  }
  return queue;
}

/** Cells of one queue row, in column order: {metric, text, status, title?}. */
export function queueCells(queue, period) {
  const figures = periodFigures(queue, period);
  const target = normaliseTarget(queue.sl_target);
  const threshold = queue.sl_threshold_s;
  const slTitle =
    target === null
      ? undefined
      : `Target ${Math.round(target * 100)}% answered within ${formatCount(threshold)} s`;
  return [
    { metric: "waiting", text: formatCount(queue.waiting), status: "none" },
    {
      metric: "longest_wait",
      text: formatDuration(queue.longest_wait_s),
      status: longestWaitStatus(queue.longest_wait_s, threshold),
      title: threshold ? `Red above the ${formatCount(threshold)} s service-level threshold` : undefined,
    },
    { metric: "offered", text: formatCount(figures.offered), status: "none" },
    { metric: "answered", text: formatCount(figures.answered), status: "none" },
    { metric: "abandoned", text: formatCount(figures.abandoned), status: "none" },
    {
      metric: "service_level",
      text: formatPercent(figures.service_level),
      status: serviceLevelStatus(figures.service_level, queue.sl_target),
      title: slTitle,
    },
    { metric: "asa", text: formatDuration(figures.asa_s), status: "none" },
    { metric: "aht", text: formatDuration(figures.aht_s), status: "none" },
    { metric: "abandon_rate", text: formatPercent(figures.abandon_rate), status: "none" },
  ];
}

/** Headline tiles: totals across queues, and agent counts by what they are doing. */
export function totals(document, period) {
  const queues = document.queues || [];
  const agents = document.agents || [];
  let offered = 0;
  let answeredWithin = 0;
  let haveLevel = false;
  for (const queue of queues) {
    const figures = periodFigures(queue, period);
    if (figures.service_level !== null && figures.service_level !== undefined && figures.offered) {
      offered += Number(figures.offered);
      answeredWithin += Number(figures.service_level) * Number(figures.offered);
      haveLevel = true;
    }
  }
  const states = (names) => agents.filter((agent) => names.includes(agent.state)).length;
  return {
    waiting: queues.reduce((sum, queue) => sum + Number(queue.waiting || 0), 0),
    longestWait: queues.reduce((most, queue) => Math.max(most, Number(queue.longest_wait_s || 0)), 0),
    longestWaitStatus: worstStatus(
      queues.map((queue) => longestWaitStatus(queue.longest_wait_s, queue.sl_threshold_s)),
    ),
    serviceLevel: haveLevel && offered > 0 ? answeredWithin / offered : null,
    ready: states(["available"]),
    handling: states(["busy", "reserved", "wrap_up"]),
    away: states(["break", "not_ready"]),
    loggedIn: agents.filter((agent) => agent.state !== "offline").length,
  };
}

/** Occupancy as a colour: very high occupancy burns people out, very low wastes them. */
export function occupancyStatus(occupancy) {
  if (occupancy === null || occupancy === undefined || !Number.isFinite(Number(occupancy))) {
    return "none";
  }
  const value = Number(occupancy);
  if (value > 0.9) return "red";
  if (value > 0.85) return "amber";
  return "green";
}
