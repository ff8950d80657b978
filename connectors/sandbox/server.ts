import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalog as shippedCatalog, type Catalog } from '../../src/catalog/index.js';
import { routeAgency } from './agencies.js';
import { advance, parseAdvance, type PopulationChange } from './clock.js';
import { routeControl, setBehaviour } from './control.js';
import { clearFaults, injectFault, listFaults, type ActiveFault, type FaultRequest } from './faults.js';
import { loadFixtures, withFixtures } from './fixtures.js';
import { HttpProblem, send } from './http.js';
import { serveOpenApi } from './openapi.js';
import { buildPopulation } from './population.js';
import type { Population } from './people.js';
import { DEFAULT_BEHAVIOUR, type SandboxState, type SourceBehaviour, type SourceStats } from './state.js';

export type { SourceBehaviour, SourceStats } from './state.js';
export type { ActiveFault, FaultRequest } from './faults.js';
export type { PopulationChange } from './clock.js';

export interface SandboxOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  seed: number;
  households: number;
  behaviour?: Partial<SourceBehaviour>;
  catalog?: Catalog;
  /** Path of a scenario fixtures file (SANDBOX_FIXTURES): hand-made households served with the generated ones. */
  fixtures?: string;
  /** Field noise (docs/SANDBOX.md): default true. */
  noise?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  population: Population;
  stats(): Record<string, SourceStats>;
  resetStats(): void;
  setBehaviour(sourceId: string | '*', behaviour: Partial<SourceBehaviour>): void;
  /** The agency loses the inquiries it holds (a restart without persistence): their tickets answer 404. Returns how many. */
  forgetTickets(sourceId: string): number;
  /** As `POST /sandbox/faults`: the source (or `*`) fails as `mode` says for `seconds`. Throws naming the bad field. */
  injectFault(fault: FaultRequest): ActiveFault;
  /** As `DELETE /sandbox/faults[/<source>]`: ends one source's fault, or all. Returns how many ended. */
  clearFaults(sourceId?: string): number;
  faults(): ActiveFault[];
  /** As `POST /sandbox/advance`: moves the population `months` (1-60) on; returns the changes made. Throws naming the field. */
  advance(months: number): PopulationChange[];
  /** Months advanced so far. */
  clockMonths(): number;
  close(): Promise<void>;
}

const TICKET_TTL_MS = 60 * 60 * 1000;

/**
 * Simulated agencies on one HTTP port: `/agencies/<source>/...` for each catalogue source, plus
 * `/sandbox/...` to list sample households, read call counts and change behaviour. Protocol:
 * docs/SANDBOX.md.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const state = sandboxState(options);
  const server: Server = createServer((req, res) => {
    route(state, req, res).catch((err: unknown) => {
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
    for (const [id, t] of state.tickets) if (t.readyAt + TICKET_TTL_MS < now) state.tickets.delete(id);
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
    population: state.population,
    stats: () => Object.fromEntries(state.stats),
    resetStats: () => state.stats.clear(),
    setBehaviour: (sourceId, behaviour) => setBehaviour(state, sourceId, behaviour),
    forgetTickets: (sourceId) => forgetTickets(state, sourceId),
    injectFault: (fault) => injectFault(state, fault),
    clearFaults: (sourceId) => clearFaults(state, sourceId),
    faults: () => listFaults(state),
    advance: (months) => advance(state.population, state.clock, parseAdvance({ months })),
    clockMonths: () => state.clock.months,
    close: async () => {
      clearInterval(sweeper);
      clearFaults(state);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forgetTickets(state: SandboxState, sourceId: string): number {
  let forgotten = 0;
  for (const [id, t] of state.tickets) if (t.source === sourceId && state.tickets.delete(id)) forgotten += 1;
  return forgotten;
}

function sandboxState(options: SandboxOptions): SandboxState {
  const cat = options.catalog ?? shippedCatalog();
  const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
  const generated = buildPopulation({ seed: options.seed, households: options.households, banks, ...(options.noise === undefined ? {} : { noise: options.noise }) });
  const population = options.fixtures === undefined ? generated : withFixtures(generated, loadFixtures(options.fixtures, cat, generated));
  const defaults: SourceBehaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  return {
    cat,
    population,
    behaviours: new Map(cat.sources.map((s) => [s.id, { ...defaults }])),
    stats: new Map(),
    buckets: new Map(),
    tickets: new Map(),
    faults: new Map(),
    clock: { months: 0, changes: [] },
  };
}

async function route(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'healthz') return send(res, 200, { status: 'ok' });
  if (parts[0] === 'openapi.json' && parts.length === 1 && req.method === 'GET') return serveOpenApi(state.cat, req, res);
  if (parts[0] === 'sandbox' && (await routeControl(state, parts, url, req, res))) return;
  if (parts[0] === 'agencies' && (await routeAgency(state, parts, req, res))) return;
  throw new HttpProblem(404, 'NOT_FOUND', `no route ${req.method ?? 'GET'} ${url.pathname}`);
}
