import type { Request, Response } from 'express';
import type { Caller } from '../auth/index.js';
import type { HubError } from '../errors/index.js';
import { refusalEvent, type SecurityLog } from '../security-log/index.js';

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, OUT_OF_JURISDICTION: 403, BAD_USER_INPUT: 400, RATE_LIMITED: 429 };

/** The HTTP status a HubError answers with outside GraphQL. */
export function httpStatusOf(err: HubError): number {
  return HTTP_STATUS[String(err.extensions.code)] ?? 400;
}

/** Answers a HubError as plain text (`CODE: message`) with its status. */
export function sendTextRefusal(res: Response, err: HubError): void {
  const retryAfter = err.extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.set('retry-after', String(retryAfter));
  res.status(httpStatusOf(err)).type('text/plain').send(`${String(err.extensions.code)}: ${err.message}`);
}

/** The client's address as the socket saw it (no proxy is trusted: X-Forwarded-For is the client's to write). */
export function clientAddress(req: Request): string | null {
  return req.socket.remoteAddress ?? null;
}

/**
 * Records a refusal of an HTTP door in the security log when it is one (authentication, input,
 * quota): without a verified caller, the refused token labels the row. Never throws or waits.
 */
export function logRefusal(log: SecurityLog | undefined, req: Request, err: Pick<HubError, 'message' | 'extensions'>, door: string, caller: Caller | null, regionCode?: string | null): void {
  const event = log && refusalEvent(err, { sourceAddress: clientAddress(req), door, actor: caller, authorization: caller ? null : req.header('authorization'), regionCode });
  if (event) log?.record(event);
}
