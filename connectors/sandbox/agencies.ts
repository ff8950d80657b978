import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Source } from '../../src/catalog/index.js';
import type { AttributeValue } from '../contract/index.js';
import { addMonths } from './clock.js';
import { applyFault } from './faults.js';
import { statedRecord } from './fixtures.js';
import { HttpProblem, readJson, send } from './http.js';
import { sourceOf, statsOf, type SandboxState, type SourceBehaviour } from './state.js';
import { attributeValue, holdsRecord } from './values.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `/agencies/<source>/...`: health, synchronous query, asynchronous inquiry and its poll. False when no route matches. */
export async function routeAgency(state: SandboxState, parts: string[], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method ?? 'GET';
  const source = sourceOf(state, parts[1]);
  // An injected fault hits every call before the agency looks at it: a down bank answers 503 to polls too.
  await applyFault(state, source.id, res);
  if (parts[2] === 'health' && method === 'GET') {
    send(res, 200, { source: source.id, status: 'UP' });
    return true;
  }
  if (parts[2] === 'query' && method === 'POST') {
    if (source.protocol !== 'sync') throw new HttpProblem(404, 'WRONG_PROTOCOL', `${source.id} answers asynchronously: POST /agencies/${source.id}/inquiries`);
    const query = await acceptCall(state, source, req, res);
    send(res, 200, answer(state, source, query.persons, query.attributes));
    return true;
  }
  if (parts[2] === 'inquiries' && parts.length === 3 && method === 'POST') {
    if (source.protocol !== 'async') throw new HttpProblem(404, 'WRONG_PROTOCOL', `${source.id} answers synchronously: POST /agencies/${source.id}/query`);
    const query = await acceptCall(state, source, req, res);
    const ticket = randomUUID();
    const readyAt = Date.now() + state.behaviours.get(source.id)!.asyncDelayMs;
    state.tickets.set(ticket, { source: source.id, readyAt, ...query });
    send(res, 202, { ticket, status: 'PENDING', readyAt: new Date(readyAt).toISOString() });
    return true;
  }
  if (parts[2] === 'inquiries' && parts[3] !== undefined && method === 'GET') {
    await poll(state, source, parts[3], res);
    return true;
  }
  return false;
}

/** A query or inquiry: its body checked, the source's behaviour applied, the call counted. */
async function acceptCall(state: SandboxState, source: Source, req: IncomingMessage, res: ServerResponse): Promise<{ persons: string[]; attributes: string[] }> {
  const query = parseQuery(state, source, await readJson(req));
  await behave(state, source, res);
  const s = statsOf(state, source.id);
  s.calls++;
  s.persons += query.persons.length;
  return query;
}

async function poll(state: SandboxState, source: Source, id: string, res: ServerResponse): Promise<void> {
  const ticket = state.tickets.get(id);
  if (!ticket || ticket.source !== source.id) throw new HttpProblem(404, 'UNKNOWN_TICKET', `no inquiry ${id} at ${source.id}`, 'ticket');
  await behave(state, source, res);
  statsOf(state, source.id).polls++;
  const waitMs = ticket.readyAt - Date.now();
  if (waitMs > 0) {
    return send(res, 202, { ticket: id, status: 'PENDING', readyAt: new Date(ticket.readyAt).toISOString() }, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
  }
  send(res, 200, { ticket: id, status: 'DONE', ...answer(state, source, ticket.persons, ticket.attributes) });
}

/** Token bucket per source: refills continuously at the configured rate. */
function takeToken(state: SandboxState, source: Source, b: SourceBehaviour): void {
  const now = Date.now();
  const bucket = state.buckets.get(source.id) ?? { tokens: b.rateLimitPerSecond, at: now };
  bucket.tokens = Math.min(b.rateLimitPerSecond, bucket.tokens + ((now - bucket.at) / 1000) * b.rateLimitPerSecond);
  bucket.at = now;
  state.buckets.set(source.id, bucket);
  if (bucket.tokens < 1) {
    statsOf(state, source.id).rateLimited++;
    const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / b.rateLimitPerSecond));
    throw new HttpProblem(429, 'RATE_LIMITED', `rate limit of ${b.rateLimitPerSecond}/s exceeded`, undefined, { 'retry-after': String(waitSeconds) });
  }
  bucket.tokens -= 1;
}

/** Rate limit, latency, injected failures and hangs: what every agency call goes through. */
async function behave(state: SandboxState, source: Source, res: ServerResponse): Promise<void> {
  const b = state.behaviours.get(source.id)!;
  takeToken(state, source, b);
  if (b.timeoutRate > 0 && Math.random() < b.timeoutRate) {
    await Promise.race([sleep(b.hangMs), new Promise((resolve) => res.once('close', resolve))]);
    throw new HttpProblem(504, 'UPSTREAM_TIMEOUT', 'agency back end did not answer');
  }
  if (b.latencyMs > 0) await sleep(b.latencyMs);
  if (b.failureRate > 0 && Math.random() < b.failureRate) {
    statsOf(state, source.id).failed++;
    throw new HttpProblem(503, 'UNAVAILABLE', 'agency temporarily unavailable');
  }
}

function parseQuery(state: SandboxState, source: Source, body: unknown): { persons: string[]; attributes: string[] } {
  if (typeof body !== 'object' || body === null) throw new HttpProblem(400, 'BAD_REQUEST', 'body must be a JSON object');
  const { persons, attributes } = body as { persons?: unknown; attributes?: unknown };
  if (!Array.isArray(persons) || persons.length === 0 || !persons.every((p) => typeof p === 'string')) {
    throw new HttpProblem(400, 'BAD_REQUEST', 'persons must be a non-empty array of ID numbers', 'persons');
  }
  if (persons.length > source.maxBulk) {
    throw new HttpProblem(413, 'BULK_LIMIT_EXCEEDED', `at most ${source.maxBulk} persons per call, got ${persons.length}`, 'persons');
  }
  const own = state.cat.attributesOf(source.id);
  let codes: string[];
  if (attributes === undefined) codes = own.map((a) => a.code);
  else if (Array.isArray(attributes) && attributes.every((a) => typeof a === 'string')) codes = attributes;
  else throw new HttpProblem(400, 'BAD_REQUEST', 'attributes must be an array of attribute codes', 'attributes');
  for (const code of codes) {
    if (state.cat.attribute(code)?.source !== source.id) {
      throw new HttpProblem(400, 'UNKNOWN_ATTRIBUTE', `attribute ${code} is not provided by ${source.id}`, 'attributes');
    }
  }
  return { persons: persons as string[], attributes: codes };
}

function answer(state: SandboxState, source: Source, persons: string[], attributes: string[]) {
  const { cat, population } = state;
  // Yesterday, on the sandbox's clock (moved on by POST /sandbox/advance).
  const asOf = addMonths(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), state.clock.months);
  const results = persons.map((idNumber) => {
    const person = population.person(idNumber);
    if (person?.records) return statedRecord(cat, person, person.records[source.id], attributes, asOf);
    if (!person || !holdsRecord(source, person, population.seed)) return { idNumber, found: false };
    const values: Record<string, AttributeValue> = {};
    for (const code of attributes) values[code] = attributeValue(cat.attribute(code)!, source, person, population.seed);
    return { idNumber, found: true, asOf, values };
  });
  return { source: source.id, results };
}
