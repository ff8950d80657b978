import type { Caller, TokenVerifier } from '../auth/index.js';

/** Per-request context: built for every GraphQL request, never shared between requests. */
export interface HubContext {
  requestId: string;
  /** The verified caller; rejects with UNAUTHENTICATED. Verified once, on first use. */
  caller(): Promise<Caller>;
}

export function createContext(verifier: TokenVerifier, authorization: string | undefined, requestId: string): HubContext {
  let verified: Promise<Caller> | undefined;
  return {
    requestId,
    caller: () => (verified ??= verifier.verify(authorization)),
  };
}
