import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalog as shippedCatalog, type Catalog, type Source } from '../../src/catalog/index.js';
import { findRegion } from '../../src/regions/index.js';
import { buildPopulation, type Population } from './population.js';
import type { AttributeValue } from '../contract/index.js';
import { attributeValue, holdsRecord } from './values.js';

/** How a simulated agency behaves; every field is settable per source at run time. */
export interface SourceBehaviour {
  /** Added before every answer. */
  latencyMs: number;
  /** Share of calls answered 503. */
  failureRate: number;
  /** Share of calls that hang for `hangMs` and then answer 504: the caller's timeout must fire first. */
  timeoutRate: number;
  hangMs: number;
  /** Calls per second before 429 with Retry-After. */
  rateLimitPerSecond: number;
  /** Asynchronous sources: how long until a ticket's answer is ready. */
  asyncDelayMs: number;
}

export interface SandboxOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  seed: number;
  households: number;
  behaviour?: Partial<SourceBehaviour>;
  catalog?: Catalog;
}

export interface SourceStats {
  /** Upstream calls that carried persons (queries and inquiries). */
  calls: number;
  persons: number;
  polls: number;
  rateLimited: number;
  failed: number;
}

export interface Sandbox {
  url: string;
  port: number;
  population: Population;
  stats(): Record<string, SourceStats>;
  resetStats(): void;
  setBehaviour(sourceId: string | '*', behaviour: Partial<SourceBehaviour>): void;
  close(): Promise<void>;
}

const DEFAULT_BEHAVIOUR: SourceBehaviour = {
  latencyMs: 0,
  failureRate: 0,
  timeoutRate: 0,
  hangMs: 60_000,
  rateLimitPerSecond: 200,
  asyncDelayMs: 2_000,
};

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 1 << 20;
const TICKET_TTL_MS = 60 * 60 * 1000;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'BODY_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'MALFORMED_JSON', 'request body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new HttpProblem(400, 'BAD_REQUEST', `${name} must be an integer from ${min} to ${max}`, name);
  }
  return n;
}

interface Ticket {
  source: string;
  readyAt: number;
  persons: string[];
  attributes: string[];
}

/**
 * Simulated agencies on one HTTP port: `/agencies/<source>/...` for each catalogue source, plus
 * `/sandbox/...` to list sample households, read call counts and change behaviour. Protocol:
 * docs/SANDBOX.md.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const cat = options.catalog ?? shippedCatalog();
  const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
  const population = buildPopulation({ seed: options.seed, households: options.households, banks });
  const defaults: SourceBehaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  const behaviours = new Map<string, SourceBehaviour>(cat.sources.map((s) => [s.id, { ...defaults }]));
  const stats = new Map<string, SourceStats>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const tickets = new Map<string, Ticket>();
  const freshStats = (): SourceStats => ({ calls: 0, persons: 0, polls: 0, rateLimited: 0, failed: 0 });
  const statsOf = (id: string): SourceStats => {
    let s = stats.get(id);
    if (!s) stats.set(id, (s = freshStats()));
    return s;
  };

  /** Token bucket per source: refills continuously at the configured rate. */
  function takeToken(source: Source, b: SourceBehaviour): void {
    const now = Date.now();
    const bucket = buckets.get(source.id) ?? { tokens: b.rateLimitPerSecond, at: now };
    bucket.tokens = Math.min(b.rateLimitPerSecond, bucket.tokens + ((now - bucket.at) / 1000) * b.rateLimitPerSecond);
    bucket.at = now;
    buckets.set(source.id, bucket);
    if (bucket.tokens < 1) {
      statsOf(source.id).rateLimited++;
      const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / b.rateLimitPerSecond));
      throw new HttpProblem(429, 'RATE_LIMITED', `rate limit of ${b.rateLimitPerSecond}/s exceeded`, undefined, { 'retry-after': String(waitSeconds) });
    }
    bucket.tokens -= 1;
  }

  /** Rate limit, latency, injected failures and hangs: what every agency call goes through. */
  async function behave(source: Source, res: ServerResponse): Promise<void> {
    const b = behaviours.get(source.id)!;
    takeToken(source, b);
    if (b.timeoutRate > 0 && Math.random() < b.timeoutRate) {
      await Promise.race([sleep(b.hangMs), new Promise((resolve) => res.once('close', resolve))]);
      throw new HttpProblem(504, 'UPSTREAM_TIMEOUT', 'agency back end did not answer');
    }
    if (b.latencyMs > 0) await sleep(b.latencyMs);
    if (b.failureRate > 0 && Math.random() < b.failureRate) {
      statsOf(source.id).failed++;
      throw new HttpProblem(503, 'UNAVAILABLE', 'agency temporarily unavailable');
    }
  }

  function parseQuery(source: Source, body: unknown): { persons: string[]; attributes: string[] } {
    if (typeof body !== 'object' || body === null) throw new HttpProblem(400, 'BAD_REQUEST', 'body must be a JSON object');
    const { persons, attributes } = body as { persons?: unknown; attributes?: unknown };
    if (!Array.isArray(persons) || persons.length === 0 || !persons.every((p) => typeof p === 'string')) {
      throw new HttpProblem(400, 'BAD_REQUEST', 'persons must be a non-empty array of ID numbers', 'persons');
    }
    if (persons.length > source.maxBulk) {
      throw new HttpProblem(413, 'BULK_LIMIT_EXCEEDED', `at most ${source.maxBulk} persons per call, got ${persons.length}`, 'persons');
    }
    const own = cat.attributesOf(source.id);
    let codes: string[];
    if (attributes === undefined) codes = own.map((a) => a.code);
    else if (Array.isArray(attributes) && attributes.every((a) => typeof a === 'string')) codes = attributes;
    else throw new HttpProblem(400, 'BAD_REQUEST', 'attributes must be an array of attribute codes', 'attributes');
    for (const code of codes) {
      if (cat.attribute(code)?.source !== source.id) {
        throw new HttpProblem(400, 'UNKNOWN_ATTRIBUTE', `attribute ${code} is not provided by ${source.id}`, 'attributes');
      }
    }
    return { persons: persons as string[], attributes: codes };
  }

  function answer(source: Source, persons: string[], attributes: string[]) {
    const asOf = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const results = persons.map((idNumber) => {
      const person = population.person(idNumber);
      if (!person || !holdsRecord(source, person, population.seed)) return { idNumber, found: false };
      const values: Record<string, AttributeValue> = {};
      for (const code of attributes) values[code] = attributeValue(cat.attribute(code)!, source, person, population.seed);
      return { idNumber, found: true, asOf, values };
    });
    return { source: source.id, results };
  }

  function sourceOf(id: string | undefined): Source {
    const source = id === undefined ? undefined : cat.source(id);
    if (!source) throw new HttpProblem(404, 'UNKNOWN_SOURCE', `no agency source ${id ?? ''}`);
    return source;
  }

  function listHouseholds(params: URLSearchParams) {
    const region = params.get('region');
    if (region !== null && (!/^\d{6}$/.test(region) || !findRegion(region))) {
      throw new HttpProblem(400, 'BAD_REQUEST', `region must be a known 6-digit region code, got ${JSON.stringify(region)}`, 'region');
    }
    const applicantParam = params.get('applicant');
    if (applicantParam !== null && applicantParam !== 'true' && applicantParam !== 'false') {
      throw new HttpProblem(400, 'BAD_REQUEST', 'applicant must be true or false', 'applicant');
    }
    const limit = intParam(params, 'limit', 10, 1, 1000);
    const offset = intParam(params, 'offset', 0, 0, 10_000_000);
    const prefix = region === null ? '' : region.replace(/0000$/, '').replace(/00$/, '');
    const matching = population.households.filter(
      (h) => h.regionCode.startsWith(prefix) && (applicantParam === null || h.applicant === (applicantParam === 'true')),
    );
    return {
      total: matching.length,
      households: matching.slice(offset, offset + limit).map((h) => ({
        id: h.id,
        regionCode: h.regionCode,
        applicant: h.applicant,
        members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, birthDate: m.birthDate })),
        declaration: h.declaration,
      })),
    };
  }

  function setBehaviour(sourceId: string, patch: Partial<SourceBehaviour>): void {
    const targets = sourceId === '*' ? [...behaviours.keys()] : [sourceOf(sourceId).id];
    for (const id of targets) behaviours.set(id, { ...behaviours.get(id)!, ...patch });
    for (const id of targets) buckets.delete(id);
  }

  function parseBehaviour(body: unknown): Partial<SourceBehaviour> {
    if (typeof body !== 'object' || body === null) throw new HttpProblem(400, 'BAD_REQUEST', 'body must be a JSON object');
    const patch: Partial<SourceBehaviour> = {};
    for (const [key, value] of Object.entries(body)) {
      if (!(key in DEFAULT_BEHAVIOUR)) throw new HttpProblem(400, 'BAD_REQUEST', `unknown behaviour setting ${key}`, key);
      const rate = key.endsWith('Rate') && key !== 'rateLimitPerSecond';
      if (typeof value !== 'number' || value < 0 || (rate && value > 1) || (key === 'rateLimitPerSecond' && value < 1)) {
        throw new HttpProblem(400, 'BAD_REQUEST', `${key} must be a number ${rate ? 'from 0 to 1' : 'of at least 0'}`, key);
      }
      patch[key as keyof SourceBehaviour] = value;
    }
    return patch;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (parts[0] === 'healthz') return send(res, 200, { status: 'ok' });
    if (parts[0] === 'sandbox') {
      if (parts[1] === 'households' && method === 'GET') return send(res, 200, listHouseholds(url.searchParams));
      if (parts[1] === 'stats' && parts.length === 2 && method === 'GET') return send(res, 200, Object.fromEntries(stats));
      if (parts[1] === 'stats' && parts[2] === 'reset' && method === 'POST') {
        stats.clear();
        return send(res, 200, { reset: true });
      }
      if (parts[1] === 'sources' && parts[3] === 'behaviour' && method === 'PUT') {
        setBehaviour(parts[2] ?? '', parseBehaviour(await readJson(req)));
        return send(res, 200, { source: parts[2], behaviour: behaviours.get(parts[2] === '*' ? cat.sources[0]!.id : parts[2]!) });
      }
    }
    if (parts[0] === 'agencies') {
      const source = sourceOf(parts[1]);
      if (parts[2] === 'health' && method === 'GET') return send(res, 200, { source: source.id, status: 'UP' });
      if (parts[2] === 'query' && method === 'POST') {
        if (source.protocol !== 'sync') throw new HttpProblem(404, 'WRONG_PROTOCOL', `${source.id} answers asynchronously: POST /agencies/${source.id}/inquiries`);
        const query = parseQuery(source, await readJson(req));
        await behave(source, res);
        const s = statsOf(source.id);
        s.calls++;
        s.persons += query.persons.length;
        return send(res, 200, answer(source, query.persons, query.attributes));
      }
      if (parts[2] === 'inquiries' && parts.length === 3 && method === 'POST') {
        if (source.protocol !== 'async') throw new HttpProblem(404, 'WRONG_PROTOCOL', `${source.id} answers synchronously: POST /agencies/${source.id}/query`);
        const query = parseQuery(source, await readJson(req));
        await behave(source, res);
        const s = statsOf(source.id);
        s.calls++;
        s.persons += query.persons.length;
        const ticket = randomUUID();
        const readyAt = Date.now() + behaviours.get(source.id)!.asyncDelayMs;
        tickets.set(ticket, { source: source.id, readyAt, ...query });
        return send(res, 202, { ticket, status: 'PENDING', readyAt: new Date(readyAt).toISOString() });
      }
      if (parts[2] === 'inquiries' && parts[3] !== undefined && method === 'GET') {
        const ticket = tickets.get(parts[3]);
        if (!ticket || ticket.source !== source.id) throw new HttpProblem(404, 'UNKNOWN_TICKET', `no inquiry ${parts[3]} at ${source.id}`, 'ticket');
        await behave(source, res);
        statsOf(source.id).polls++;
        const waitMs = ticket.readyAt - Date.now();
        if (waitMs > 0) {
          return send(res, 202, { ticket: parts[3], status: 'PENDING', readyAt: new Date(ticket.readyAt).toISOString() }, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
        }
        return send(res, 200, { ticket: parts[3], status: 'DONE', ...answer(source, ticket.persons, ticket.attributes) });
      }
    }
    throw new HttpProblem(404, 'NOT_FOUND', `no route ${method} ${url.pathname}`);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpProblem) {
        send(res, err.status, { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } }, err.headers);
      } else {
        send(res, 500, { error: { code: 'INTERNAL', message: 'sandbox error' } });
      }
    });
  });
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, t] of tickets) if (t.readyAt + TICKET_TTL_MS < now) tickets.delete(id);
  }, 60_000);
  sweeper.unref();

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    population,
    stats: () => Object.fromEntries(stats),
    resetStats: () => stats.clear(),
    setBehaviour,
    close: async () => {
      clearInterval(sweeper);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
