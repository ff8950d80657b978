/**
 * The flood guard: per (source address, kind) at most `perKey` new rows a minute, and at most
 * `total` new rows a minute in all; past either, an event is a repeat added to the `count` of the
 * key's last row, or of its kind's overflow row (one a minute, no source address). In memory, per
 * hub process: N processes write at most N times the limits, which still bounds the table's growth
 * by time, not by what an attacker sends.
 */
export interface RateWindowOptions {
  /** New rows a minute per source address and kind. */
  perKey: number;
  /** New rows a minute from all sources together (overflow rows aside: one per kind a minute). */
  total: number;
  /** Source/kind pairs remembered at once: past it, new sources are counted in the overflow rows. */
  maxKeys: number;
}

/** One key's window: how many rows it wrote, and the last one (its id once inserted). */
export interface WindowSlot {
  start: number;
  rows: number;
  /** Resolves to the id of the slot's last row, or null when its insert failed. */
  last: Promise<string | null> | null;
  /** Repeats counted in memory and not yet added to the last row. */
  pending: number;
}

export interface Decision {
  /** A row of its own (true), or a repeat counted in `slot`'s last row. */
  insert: boolean;
  slot: WindowSlot;
  /** Counted in the kind's overflow row, which names no single source. */
  overflow: boolean;
}

const MINUTE_MS = 60_000;

export interface RateWindows {
  decide(source: string | null, kind: string, now: number): Decision;
}

const current = (slot: WindowSlot | undefined, now: number): slot is WindowSlot => slot !== undefined && now - slot.start < MINUTE_MS;

export function createRateWindows(options: RateWindowOptions): RateWindows {
  const slots = new Map<string, WindowSlot>();
  const overflows = new Map<string, WindowSlot>();
  let totalStart = 0;
  let totalRows = 0;

  /** The key's slot in this window; null when every place is taken by a current window. */
  function slotFor(key: string, now: number): WindowSlot | null {
    const slot = slots.get(key);
    if (current(slot, now)) return slot;
    if (slots.size >= options.maxKeys) {
      for (const [k, s] of slots) if (!current(s, now)) slots.delete(k);
      if (slots.size >= options.maxKeys) return null;
    }
    const made: WindowSlot = { start: now, rows: 0, last: null, pending: 0 };
    slots.set(key, made);
    return made;
  }

  function overflowFor(kind: string, now: number): WindowSlot {
    const slot = overflows.get(kind);
    if (current(slot, now)) return slot;
    const made: WindowSlot = { start: now, rows: 0, last: null, pending: 0 };
    overflows.set(kind, made);
    return made;
  }

  return {
    decide(source, kind, now) {
      if (now - totalStart >= MINUTE_MS) {
        totalStart = now;
        totalRows = 0;
      }
      const slot = slotFor(`${kind}\n${source ?? ''}`, now);
      if (slot && slot.rows < options.perKey && totalRows < options.total) {
        slot.rows += 1;
        totalRows += 1;
        return { insert: true, slot, overflow: false };
      }
      if (slot && slot.last !== null) return { insert: false, slot, overflow: false };
      const overflow = overflowFor(kind, now);
      if (overflow.last !== null) return { insert: false, slot: overflow, overflow: true };
      overflow.rows += 1;
      return { insert: true, slot: overflow, overflow: true };
    },
  };
}
