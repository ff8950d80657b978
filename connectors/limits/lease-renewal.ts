import type { LimitScripts } from './scripts.js';

/** A process's leases in flight, by lease set; renewed together while any is held. */
export interface LeaseRenewal {
  add(leases: string, id: string): void;
  remove(leases: string, id: string): void;
}

/**
 * Renews every lease this process holds, of every source, in one script call each third of
 * the lease time, so a call that outlives its lease stays counted while one lost with its
 * process runs out. The timer runs only while a lease is held and never keeps a process alive.
 */
export function leaseRenewal(scripts: LimitScripts, leaseMs: number): LeaseRenewal {
  const held = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | undefined;
  let renewing = false;

  function renew(): void {
    // A slow Redis: skip a beat rather than pile renewals up.
    if (renewing || held.size === 0) return;
    renewing = true;
    const leases = new Map([...held].map(([key, ids]) => [key, [...ids]]));
    scripts
      .renew(leaseMs, leases)
      // A renewal that fails only leaves the leases to their expiry: the calls stop being counted, none is refused.
      .catch(() => undefined)
      .finally(() => {
        renewing = false;
      });
  }

  return {
    add(leases, id) {
      const ids = held.get(leases) ?? new Set<string>();
      ids.add(id);
      held.set(leases, ids);
      if (!timer) {
        timer = setInterval(renew, Math.max(10, leaseMs / 3));
        timer.unref();
      }
    },
    remove(leases, id) {
      const ids = held.get(leases);
      if (!ids?.delete(id)) return;
      if (ids.size === 0) held.delete(leases);
      if (held.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
  };
}
