import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { Caller, TokenVerifier } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import type { Session, SessionStore } from '../sign-in/index.js';

/** The console's session cookie: HttpOnly, SameSite=Strict, Secure over https (sign-in-routes.ts sets it). */
export const SESSION_COOKIE = 'hub_session';

/** Methods that change nothing: a cookie-authenticated request with any other needs the hub's own Origin. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request the hub's own pages sent: `Origin` is the hub's public origin; or, for a form posted
 * under the hub's `Referrer-Policy: no-referrer` (where browsers send `Origin: null`), the browser's
 * own `Sec-Fetch-Site: same-origin`, which no page can set.
 */
function fromOwnOrigin(req: Request, publicOrigin: string): boolean {
  const origin = req.header('origin');
  return origin === publicOrigin || (origin === 'null' && req.header('sec-fetch-site') === 'same-origin');
}

/** What the cookie of a request resolved to: its session, or why it is refused. */
const resolved = new WeakMap<Request, { token: string; session: Session } | HubError>();

function refusal(message: string, reason: string): HubError {
  return new HubError('UNAUTHENTICATED', message, { reason });
}

/**
 * Resolves the console's session cookie once per request, before the quotas and every route, when
 * the request has no Authorization header (a bearer token always wins: machine clients and a token
 * pasted into GraphiQL). Cross-site request forgery is refused twice over: the cookie is
 * SameSite=Strict, and here a cookie is honoured only when the browser says the request comes from
 * the hub's own pages (`Sec-Fetch-Site` same-origin, or none for an address typed in) and, for any
 * method that may change something, when `Origin` is the hub's public origin.
 */
export function consoleSessions(sessions: SessionStore, publicOrigin: string) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (req.header('authorization')) return next();
    const token = parseCookies(req.header('cookie') ?? '')[SESSION_COOKIE];
    if (!token) return next();
    const site = req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      resolved.set(req, refusal('a console session is accepted from the hub\'s own pages only', 'FORGED'));
      return next();
    }
    if (!SAFE_METHODS.has(req.method) && !fromOwnOrigin(req, publicOrigin)) {
      resolved.set(req, refusal(`a console session's ${req.method} must come from ${publicOrigin} (Origin header)`, 'FORGED'));
      return next();
    }
    try {
      const session = await sessions.touch(token);
      resolved.set(req, session ? { token, session } : refusal('console session ended (signed out or timed out); sign in again', 'EXPIRED'));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The live session of this request's cookie, or null (no cookie, a refused one, or a bearer request). */
export function sessionOf(req: Request): { token: string; session: Session } | null {
  const r = resolved.get(req);
  return r && !(r instanceof HubError) ? r : null;
}

/** The cookie's refusal, when the request carried a session cookie that was refused. */
export function sessionRefusal(req: Request): HubError | null {
  const r = resolved.get(req);
  return r instanceof HubError ? r : null;
}

/**
 * Who is calling: the bearer token when there is an Authorization header, else the console
 * session. The same Caller either way, so every authorisation and audit rule applies unchanged.
 * Neither: the bearer path's refusal (`missing Authorization header`), as before sessions existed.
 */
/** Which credential a request is authenticated by: an Authorization header always wins over the session. */
export function credentialOf(req: Request): 'bearer' | 'session' {
  return req.header('authorization')?.trim() ? 'bearer' : 'session';
}

export async function requestCaller(verifier: TokenVerifier, req: Request): Promise<Caller> {
  const authorization = req.header('authorization');
  if (credentialOf(req) === 'bearer') return verifier.verify(authorization);
  const r = resolved.get(req);
  if (r instanceof HubError) throw r;
  if (r) return r.session.caller;
  return verifier.verify(authorization);
}
