import type { NextFunction, Request, Response } from 'express';
import type { Caller, TokenVerifier } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import type { SecurityLog } from '../security-log/index.js';
import { requestCaller } from './console-session.js';
import { logRefusal } from './http-refusal.js';

/**
 * Every GraphQL request is authenticated (bearer token, or the console's session: console-session.ts) before Apollo parses or executes anything: a missing,
 * forged or expired token is answered 401 UNAUTHENTICATED with a GraphQL error document, so no
 * query (`{ __typename }`, introspection, federation's `_service`) runs for an anonymous caller.
 * A JWKS that cannot be fetched is the hub's fault, not the caller's: it goes on as a 500.
 * Every refusal is recorded in the security log with its reason and source address.
 */
export function authenticateGraphql(verifier: TokenVerifier, securityLog?: SecurityLog) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.locals.caller = await requestCaller(verifier, req);
      next();
    } catch (err) {
      if (!(err instanceof HubError) || err.extensions.code !== 'UNAUTHENTICATED') return next(err);
      logRefusal(securityLog, req, err, `${req.method} ${req.baseUrl}`, null);
      res
        .status(401)
        .set('www-authenticate', 'Bearer realm="verification-hub"')
        .json({ errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  };
}

/** The caller `authenticateGraphql` verified for this request. */
export function authenticatedCaller(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  // Mounted after authenticateGraphql: a missing caller is a wiring mistake, never a client's.
  if (!caller) throw new Error('GraphQL request reached Apollo unauthenticated');
  return caller;
}
