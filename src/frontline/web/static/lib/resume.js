// Reconnect-and-resume rules shared by every live connection.
// Events carry increasing ids; a client remembers the last one it applied and reconnects with
// `after=` that id, so a dropped socket loses nothing and a replayed event is applied once.

/** Delay before reconnect attempt `attempt` (0-based): doubling from baseMs, capped, jittered. */
export function backoffDelay(attempt, { baseMs = 500, maxMs = 15000, random = Math.random } = {}) {
  const exponent = Math.min(Math.max(0, attempt), 20);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  // Full jitter on the upper half keeps many clients from reconnecting in lockstep.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Remembers the last event id applied and refuses replays.
 * `storage` is anything with getItem/setItem (sessionStorage in the browser), so a page reload
 * resumes from where the previous page stopped.
 */
export class EventCursor {
  constructor(storage = null, key = "") {
    this.storage = storage;
    this.key = key;
    const stored = storage && key ? Number(storage.getItem(key)) : 0;
    this.lastId = Number.isFinite(stored) ? stored : 0;
  }

  /** True if the event is new (and records it); false for a replay. Id-less events pass. */
  accept(event) {
    if (event === null || typeof event !== "object") {
      return false;
    }
    if (event.id === undefined || event.id === null) {
      return true;
    }
    const id = Number(event.id);
    if (!Number.isFinite(id) || id <= this.lastId) {
      return false;
    }
    this.moveTo(id);
    return true;
  }

  /** Jump forward (e.g. to the id a fresh snapshot corresponds to); never moves back. */
  moveTo(id) {
    const value = Number(id);
    if (!Number.isFinite(value) || value <= this.lastId) {
      return;
    }
    this.lastId = value;
    if (this.storage && this.key) {
      this.storage.setItem(this.key, String(value));
    }
  }

  reset() {
    this.lastId = 0;
    if (this.storage && this.key) {
      this.storage.setItem(this.key, "0");
    }
  }
}
