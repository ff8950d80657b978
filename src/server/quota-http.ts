import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Caller, TokenVerifier } from '../auth/index.js';
import { rateLimited, type Quotas } from '../quotas/index.js';
import type { SecurityLog } from '../security-log/index.js';
import type { HubContext } from './context.js';
import { requestCaller } from './console-session.js';
import { logRefusal } from './http-refusal.js';

/**
 * Counts every request against its token's and organisation's quotas before any work is done
 * (mounted after /healthz and /readyz, before every other route). The token is verified here as
 * well as by the route (one signature check, cached keys): a request without a valid token is
 * counted against its client address, and the route still answers it 401. A refusal is 429 with
 * Retry-After and a body in the door's own error shape, and is recorded in the security log.
 */
export function quotaMiddleware(quotas: Quotas, verifier: TokenVerifier, securityLog?: SecurityLog): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let caller: Caller | null = null;
    caller = await requestCaller(verifier, req).catch(() => null);
    const refusal = await quotas.request(caller, req.socket.remoteAddress ?? 'unknown', `${req.method} ${req.path}`);
    if (!refusal) return next();
    logRefusal(securityLog, req, rateLimited(refusal), `${req.method} ${req.path}`, caller);
    const message = `${refusal.limit}: quota reached; try again in ${refusal.retryAfterSeconds} s`;
    res.status(429).set('retry-after', String(refusal.retryAfterSeconds)).set('cache-control', 'no-store');
    if (req.path.startsWith('/graphql')) res.json({ errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: refusal.retryAfterSeconds, limit: refusal.limit } }] });
    else res.json({ error: { code: 'RATE_LIMITED', message, field: null } });
  };
}

/** A GraphQL answer carrying a RATE_LIMITED error (verifications, batches) is HTTP 429 with Retry-After. */
export const rateLimitedIs429: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const waits = (response.body.singleResult.errors ?? []).filter((e) => e.extensions?.code === 'RATE_LIMITED').map((e) => Number(e.extensions?.retryAfterSeconds ?? 1));
        if (waits.length === 0) return;
        response.http.status = 429;
        response.http.headers.set('retry-after', String(Math.max(...waits)));
      },
    };
  },
};
