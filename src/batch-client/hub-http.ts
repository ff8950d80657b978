import { ServerError } from './errors.js';

/** fetch only says "fetch failed"; the cause (ECONNREFUSED, ...) is what a user can act on. */
export function describeFetchError(err: unknown, hub: string): ServerError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return new ServerError(`cannot reach the hub at ${hub}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
}

/** The body as JSON, or null when it is not JSON (a proxy's error page, say). */
export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
