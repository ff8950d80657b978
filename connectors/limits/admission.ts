import DataLoader from 'dataloader';
import type { AdmitAnswer, AdmitRequest, LimitScripts, Place } from './scripts.js';

/** One process's way to Redis for admitting calls and freeing their places. */
export interface Admission {
  admit(request: AdmitRequest): Promise<AdmitAnswer>;
  /** Frees an ended call's place with the next admission, or alone at the next turn of the event loop. */
  free(place: Place): void;
}

// Calls admitted by one script run at most: Redis runs nothing else meanwhile.
const MAX_BATCH = 256;

/**
 * Calls asked for in the same tick (a verification asks its 62 sources at once) go to Redis in
 * one script call, batched by DataLoader, and carry the places of the calls that ended since, so
 * that a call ending and the next one starting cost one round trip between them. A place no
 * admission carries is freed alone at the next turn of the event loop (setImmediate): another
 * process waits that long at most. Places whose freeing failed (Redis away) go with the next
 * call to Redis, or run out with their leases.
 */
export function createAdmission(scripts: LimitScripts): Admission {
  let ended: Place[] = [];
  let flush: NodeJS.Immediate | undefined;
  const take = () => {
    const frees = ended;
    ended = [];
    return frees;
  };
  const putBack = (frees: Place[]) => {
    ended = [...frees, ...ended];
  };

  const loader = new DataLoader<AdmitRequest, AdmitAnswer>(
    async (requests) => {
      const frees = take();
      try {
        return await scripts.admit(frees, requests);
      } catch (err) {
        putBack(frees);
        throw err;
      }
    },
    { cache: false, maxBatchSize: MAX_BATCH },
  );

  function freeEnded(): void {
    flush = undefined;
    const frees = take();
    if (frees.length === 0) return;
    // Not retried here: a Redis that is away would make it a loop.
    scripts.admit(frees, []).catch(() => putBack(frees));
  }

  return {
    admit: (request) => loader.load(request),
    free(place) {
      ended.push(place);
      flush ??= setImmediate(freeEnded);
    },
  };
}
