import type { Caller } from '../auth/index.js';
import type { RenderedAnswer } from './rendered-answers.js';

/** Per-request context: built for every GraphQL request, never shared between requests. */
export interface HubContext {
  requestId: string;
  /** The client's address as the socket saw it (for the security log). */
  clientAddress: string | null;
  /** The caller, verified before the request reached Apollo (authenticate.ts). */
  caller(): Promise<Caller>;
  /**
   * The rendered answer execution served, if it did (renderable.ts), for the HTTP handler to send
   * its UTF-8 bytes as they are. An object of its own: Apollo executes with a shallow copy of the
   * context, so a field set on the copy would not reach the handler.
   */
  readonly served: { answer?: RenderedAnswer };
}

export function createContext(caller: Caller, requestId: string, clientAddress: string | null = null): HubContext {
  return {
    requestId,
    clientAddress,
    caller: () => Promise.resolve(caller),
    served: {},
  };
}
