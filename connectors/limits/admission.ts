import DataLoader from 'dataloader';
import type { AdmitAnswer, AdmitRequest, LimitScripts, Place } from './scripts.js';

/** One process's way to Redis for admitting calls and freeing their places. */
export interface Admission {
  admit(request: AdmitRequest): Promise<AdmitAnswer>;
  /** Frees an ended call's place with the next admission, or with the others ended meanwhile FREE_AFTER_MS later. */
  free(place: Place): void;
}

// Calls admitted by one script run at most: Redis runs nothing else meanwhile.
const MAX_BATCH = 256;

/**
 * How long an ended call's place may wait for an admission to carry it before it is freed alone.
 * A verification's 62 answers arrive over a few milliseconds: freed at the next turn of the event
 * loop they cost a round trip each (about 30 per verification); gathered for 10 ms, a few. Only
 * other processes wait for it (this process's waiters take the place over at once), and 10 ms is
 * small against an agency call.
 */
const FREE_AFTER_MS = 10;

/**
 * Calls asked for in the same tick (a verification asks its 62 sources at once) go to Redis in
 * one script call, batched by DataLoader, and carry the places of the calls that ended since, so
 * that a call ending and the next one starting cost one round trip between them. Places no
 * admission carries are freed together FREE_AFTER_MS after the first of them ended: another
 * process waits that long at most. Places whose freeing failed (Redis away) go with the next
 * call to Redis, or run out with their leases.
 */
export function createAdmission(scripts: LimitScripts): Admission {
  let ended: Place[] = [];
  let flush: NodeJS.Timeout | undefined;
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
      flush ??= setTimeout(freeEnded, FREE_AFTER_MS);
    },
  };
}
