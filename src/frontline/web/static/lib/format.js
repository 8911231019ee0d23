// Number and time formatting shared by the desktop and the wallboard.
// Pure functions (no DOM), so they are unit-tested under node as well as used in the browser.

const DASH = "\u2014";

/** Seconds as m:ss, or h:mm:ss from an hour up; a dash for missing values. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(Number(seconds))) {
    return DASH;
  }
  const total = Math.max(0, Math.floor(Number(seconds)));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, "0");
  if (hours > 0) {
    return `${hours}:${String(minutes).padStart(2, "0")}:${secs}`;
  }
  return `${minutes}:${secs}`;
}

/** A ratio in [0, 1] as a whole percentage ("83%"); a dash when the API says null. */
export function formatPercent(ratio) {
  if (ratio === null || ratio === undefined || !Number.isFinite(Number(ratio))) {
    return DASH;
  }
  return `${Math.round(Number(ratio) * 100)}%`;
}

/** A count, or a dash when absent. */
export function formatCount(value) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) {
    return DASH;
  }
  return String(Math.round(Number(value)));
}

/** Seconds elapsed between an ISO timestamp and `nowMs` (never negative; null if unparsable). */
export function secondsSince(isoTime, nowMs) {
  const started = Date.parse(isoTime);
  if (Number.isNaN(started)) {
    return null;
  }
  return Math.max(0, (nowMs - started) / 1000);
}

/** Seconds left until an ISO timestamp (never negative; null if unparsable). */
export function secondsUntil(isoTime, nowMs) {
  const due = Date.parse(isoTime);
  if (Number.isNaN(due)) {
    return null;
  }
  return Math.max(0, (due - nowMs) / 1000);
}

/** Wall-clock time of an ISO timestamp as HH:MM in the viewer's locale. */
export function formatClock(isoTime) {
  const at = new Date(isoTime);
  if (Number.isNaN(at.getTime())) {
    return "";
  }
  return at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** "Lunch" from "lunch", "Not ready" from "not_ready": API codes made readable. */
export function humanise(code) {
  if (!code) {
    return "";
  }
  const words = String(code).replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Up to two initials for an avatar, from the words of `name` that contain a letter. */
export function initials(name) {
  const words = String(name || "").match(/\p{L}[\p{L}'-]*/gu) || [];
  const letters = words.slice(0, 2).map((word) => word.charAt(0).toUpperCase());
  return letters.join("") || "?";
}

/** An address in the pieces a narrow panel may break it into: after the "@" first, so that
 *  "dana.browser@" / "example.com" wraps as a person reads it, not at the panel's last pixel. */
export function emailBreakParts(email) {
  const text = String(email || "");
  const at = text.lastIndexOf("@");
  return at > 0 && at < text.length - 1 ? [text.slice(0, at + 1), text.slice(at + 1)] : [text];
}
