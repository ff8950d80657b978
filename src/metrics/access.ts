import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { registry } from './registry.js';

/** Where the scrape token comes from: METRICS_TOKEN, METRICS_TOKEN_FILE, or (development only) a file made on first start. */
export interface MetricsTokenSource {
  token: string | null;
  file: string | null;
  /** Development: the file the token is kept in, made on first start; null in production. */
  developmentFile: string | null;
}

export interface MetricsToken {
  token: string;
  /** For the start-up line: which variable or file, never the token itself. */
  from: string;
}

/**
 * The scrape token, or null when /metrics is off (production without METRICS_TOKEN(_FILE)). A
 * token rather than an admin port: Prometheus sends it (`authorization.credentials_file`), the hub
 * keeps one listening port, and a proxy or a container network needs no second rule.
 */
export async function resolveMetricsToken(source: MetricsTokenSource): Promise<MetricsToken | null> {
  if (source.token) return { token: source.token, from: 'METRICS_TOKEN' };
  if (source.file) return { token: (await readFile(source.file, 'utf8')).trim(), from: `METRICS_TOKEN_FILE=${source.file}` };
  if (!source.developmentFile) return null;
  const file = path.resolve(source.developmentFile);
  const kept = await readFile(file, 'utf8').then((t) => t.trim(), () => '');
  if (kept) return { token: kept, from: file };
  const token = randomBytes(24).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, from: file };
}

/** Compares digests, so the comparison takes the same time whatever the length of a guess. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** GET /metrics: Prometheus text, for a bearer of the scrape token only (401 otherwise; 404 when metrics are off). */
export function metricsHandler(token: MetricsToken | null) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!token) {
      res.status(404).type('text/plain').send('metrics are off: set METRICS_TOKEN or METRICS_TOKEN_FILE (docs/OPERATIONS.md)\n');
      return;
    }
    const given = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!given || !sameToken(given, token.token)) {
      res.status(401).set('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('the metrics scrape token is required (Authorization: Bearer ...)\n');
      return;
    }
    try {
      res.set('cache-control', 'no-store').type(registry.contentType).send(await registry.metrics());
    } catch (err) {
      next(err);
    }
  };
}
