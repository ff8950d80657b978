import type { Response } from 'express';
import type { HubError } from '../errors/index.js';

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
