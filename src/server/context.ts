import type { Caller } from '../auth/index.js';

/** Per-request context: built for every GraphQL request, never shared between requests. */
export interface HubContext {
  requestId: string;
  /** The client's address as the socket saw it (for the security log). */
  clientAddress: string | null;
  /** The caller, verified before the request reached Apollo (authenticate.ts). */
  caller(): Promise<Caller>;
}

export function createContext(caller: Caller, requestId: string, clientAddress: string | null = null): HubContext {
  return {
    requestId,
    clientAddress,
    caller: () => Promise.resolve(caller),
  };
}
