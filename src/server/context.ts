import type { Caller } from '../auth/index.js';

/** Per-request context: built for every GraphQL request, never shared between requests. */
export interface HubContext {
  requestId: string;
  /** The caller, verified before the request reached Apollo (authenticate.ts). */
  caller(): Promise<Caller>;
}

export function createContext(caller: Caller, requestId: string): HubContext {
  return {
    requestId,
    caller: () => Promise.resolve(caller),
  };
}
