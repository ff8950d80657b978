import type { IncomingMessage, ServerResponse } from 'node:http';
import { findRegion } from '../../src/regions/index.js';
import { addMonths, advance, countChanges, parseAdvance, populationDate } from './clock.js';
import { routeFaults } from './faults.js';
import { householdTruth } from './holdings.js';
import { HttpProblem, intParam, readJson, send } from './http.js';
import type { SandboxPerson } from './people.js';
import { DEFAULT_BEHAVIOUR, sourceOf, type SandboxState, type SourceBehaviour } from './state.js';

/** `/sandbox/...`: sample households, call counts, behaviour changes and faults. False when no route matches. */
export async function routeControl(state: SandboxState, parts: string[], url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (parts[1] === 'faults') return routeFaults(state, parts, req, res);
  if (parts[1] === 'households' && method === 'GET') {
    send(res, 200, listHouseholds(state, url.searchParams));
    return true;
  }
  if (await routeClockAndTruth(state, parts, req, res)) return true;
  if (parts[1] === 'stats' && parts.length === 2 && method === 'GET') {
    send(res, 200, Object.fromEntries(state.stats));
    return true;
  }
  if (parts[1] === 'stats' && parts[2] === 'reset' && method === 'POST') {
    state.stats.clear();
    send(res, 200, { reset: true });
    return true;
  }
  if (parts[1] === 'sources' && parts[3] === 'behaviour' && method === 'PUT') {
    setBehaviour(state, parts[2] ?? '', parseBehaviour(await readJson(req)));
    send(res, 200, { source: parts[2], behaviour: state.behaviours.get(parts[2] === '*' ? state.cat.sources[0]!.id : parts[2]!) });
    return true;
  }
  return false;
}

/** `/sandbox/clock`, `/sandbox/advance` and `/sandbox/truth/:householdId` (evaluation only: never served by the hub). */
async function routeClockAndTruth(state: SandboxState, parts: string[], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method ?? 'GET';
  const clock = () => ({ months: state.clock.months, populationDate: populationDate(state.clock.months), today: addMonths(new Date().toISOString().slice(0, 10), state.clock.months) });
  if (parts[1] === 'clock' && parts.length === 2 && method === 'GET') {
    send(res, 200, { ...clock(), changes: countChanges(state.clock.changes) });
    return true;
  }
  if (parts[1] === 'advance' && parts.length === 2 && method === 'POST') {
    const made = advance(state.population, state.clock, parseAdvance(await readJson(req)));
    send(res, 200, { ...clock(), changed: countChanges(made), changes: made.slice(0, 1000) });
    return true;
  }
  if (parts[1] === 'truth' && parts.length === 3 && method === 'GET') {
    const h = state.population.household(decodeURIComponent(parts[2]!));
    if (!h) throw new HttpProblem(404, 'UNKNOWN_HOUSEHOLD', `no household ${parts[2]}`, 'householdId');
    if (h.fixture) throw new HttpProblem(404, 'NO_TRUTH', `${h.id} is a fixture household: what it holds is its records in the fixtures file`, 'householdId');
    send(res, 200, { ...householdTruth(h, state.clock), clock: clock() });
    return true;
  }
  return false;
}

export function setBehaviour(state: SandboxState, sourceId: string, patch: Partial<SourceBehaviour>): void {
  const targets = sourceId === '*' ? [...state.behaviours.keys()] : [sourceOf(state, sourceId).id];
  for (const id of targets) state.behaviours.set(id, { ...state.behaviours.get(id)!, ...patch });
  for (const id of targets) state.buckets.delete(id);
}

function listHouseholds(state: SandboxState, params: URLSearchParams) {
  const region = params.get('region');
  if (region !== null && (!/^\d{6}$/.test(region) || !findRegion(region))) {
    throw new HttpProblem(400, 'BAD_REQUEST', `region must be a known 6-digit region code, got ${JSON.stringify(region)}`, 'region');
  }
  const applicantParam = booleanParam(params, 'applicant');
  const fixturesParam = booleanParam(params, 'fixtures');
  const limit = intParam(params, 'limit', 10, 1, 1000);
  const offset = intParam(params, 'offset', 0, 0, 10_000_000);
  const prefix = region === null ? '' : region.replace(/0000$/, '').replace(/00$/, '');
  const matching = state.population.households.filter(
    (h) => h.regionCode.startsWith(prefix) && (applicantParam === null || h.applicant === applicantParam) && (fixturesParam === null || h.fixture === fixturesParam),
  );
  const listed = (m: SandboxPerson) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, birthDate: m.birthDate });
  return {
    total: matching.length,
    households: matching.slice(offset, offset + limit).map((h) => ({
      id: h.id,
      regionCode: h.regionCode,
      applicant: h.applicant,
      fixture: h.fixture,
      members: h.members.map(listed),
      supporters: h.supporters.map(listed),
      declaration: h.declaration,
    })),
  };
}

function booleanParam(params: URLSearchParams, name: string): boolean | null {
  const raw = params.get(name);
  if (raw === null) return null;
  if (raw !== 'true' && raw !== 'false') throw new HttpProblem(400, 'BAD_REQUEST', `${name} must be true or false`, name);
  return raw === 'true';
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
