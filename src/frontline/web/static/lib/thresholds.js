// Wallboard threshold colours. A supervisor reads colour before numbers, so the rules are
// explicit and unit-tested: service level under its target is red, within AMBER_MARGIN above
// it amber (one bad interval from missing), otherwise green; the longest wait is red once it
// passes the queue's service-level threshold and amber from WAIT_AMBER_SHARE of it.

export const AMBER_MARGIN = 0.05;
export const WAIT_AMBER_SHARE = 0.75;

/** Queue targets arrive as a ratio (0.8) or a percentage (80); both mean 80 %. */
export function normaliseTarget(target) {
  const value = Number(target);
  if (target === null || target === undefined || !Number.isFinite(value)) {
    return null;
  }
  return value > 1 ? value / 100 : value;
}

/** "red" | "amber" | "green" | "none" for a service level against its target. */
export function serviceLevelStatus(serviceLevel, target) {
  const goal = normaliseTarget(target);
  if (serviceLevel === null || serviceLevel === undefined || goal === null) {
    return "none";
  }
  const level = Number(serviceLevel);
  if (level < goal) {
    return "red";
  }
  // compare the margin with a tolerance: 0.8 + 0.05 is 0.8500000000000001 in floating point
  if (level - goal < AMBER_MARGIN - 1e-9) {
    return "amber";
  }
  return "green";
}

/** "red" | "amber" | "green" | "none" for the oldest waiting contact against the threshold. */
export function longestWaitStatus(waitSeconds, thresholdSeconds) {
  const wait = Number(waitSeconds);
  const limit = Number(thresholdSeconds);
  if (waitSeconds === null || waitSeconds === undefined || !Number.isFinite(wait)) {
    return "none";
  }
  if (!Number.isFinite(limit) || limit <= 0 || thresholdSeconds === null) {
    return "none";
  }
  if (wait > limit) {
    return "red";
  }
  if (wait >= limit * WAIT_AMBER_SHARE) {
    return "amber";
  }
  return "green";
}

const SEVERITY = ["none", "green", "amber", "red"];

/** The most severe of several statuses ("red" beats "amber" beats "green" beats "none"). */
export function worstStatus(statuses) {
  let worst = "none";
  for (const status of statuses) {
    if (SEVERITY.indexOf(status) > SEVERITY.indexOf(worst)) {
      worst = status;
    }
  }
  return worst;
}
