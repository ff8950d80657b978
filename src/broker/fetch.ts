import DataLoader from 'dataloader';
import { SourceError, type ConnectorSet, type FetchContext, type SourceConnector } from '../../connectors/index.js';
import type { PersonRecord } from '../catalog/index.js';
import type { SourcePlan } from './plan.js';

export type SourceStatus = 'OK' | 'NOT_FOUND' | 'TIMEOUT' | 'UNAVAILABLE' | 'PENDING';

/** One upstream call of an asynchronous source: its ticket answers for these persons. */
export interface PendingTicket {
  ticket: string;
  idNumbers: string[];
}

/** What one source said about a group of persons, as a report records it. */
export type SourceOutcome =
  | { status: 'OK' | 'NOT_FOUND'; latencyMs: number; records: Map<string, PersonRecord> }
  // More persons than the source takes in one call are asked in several calls: one ticket each.
  | { status: 'PENDING'; latencyMs: number; tickets: PendingTicket[]; readyAt: Date | null }
  | { status: 'TIMEOUT' | 'UNAVAILABLE'; latencyMs: number; error: string };

type PersonAnswer =
  | { kind: 'record'; record: PersonRecord; latencyMs: number }
  | { kind: 'pending'; ticket: string; readyAt: Date | null; latencyMs: number };

export interface BrokerOptions {
  /** Epoch ms: sources that have not answered by then are reported as TIMEOUT. */
  deadline: number;
  requestId: string;
  /** Called once per upstream call, for metrics and tests. */
  onUpstreamCall?: (sourceId: string, persons: number) => void;
}

export interface Broker {
  /** Asks every planned source about these persons, in parallel; never rejects. */
  fetch(idNumbers: readonly string[]): Promise<Map<string, SourceOutcome>>;
}

function errorOutcome(err: unknown, latencyMs: number): SourceOutcome {
  if (err instanceof SourceError) {
    return { status: err.code === 'TIMEOUT' ? 'TIMEOUT' : 'UNAVAILABLE', latencyMs, error: err.message };
  }
  return { status: 'UNAVAILABLE', latencyMs, error: err instanceof Error ? err.message : String(err) };
}

function loaderFor(connector: SourceConnector, attributes: string[], options: BrokerOptions): DataLoader<string, PersonAnswer> {
  const ctx: FetchContext = { deadline: options.deadline, requestId: options.requestId, signal: AbortSignal.timeout(Math.max(1, options.deadline - Date.now())) };
  return new DataLoader<string, PersonAnswer>(
    async (persons) => {
      options.onUpstreamCall?.(connector.source.id, persons.length);
      const result = await connector.fetch(persons, attributes, ctx);
      if (result.kind === 'PENDING') {
        return persons.map(() => ({ kind: 'pending', ticket: result.ticket, readyAt: result.readyAt, latencyMs: result.latencyMs }));
      }
      return persons.map((p) => ({ kind: 'record', record: result.records.get(p) ?? { found: false }, latencyMs: result.latencyMs }));
    },
    // One upstream call carries as many persons as the agency accepts; values are not cached
    // beyond this broker, whose life is one request or one batch chunk.
    { maxBatchSize: connector.source.maxBulk },
  );
}

/** Folds the per-person answers of one source into the source's outcome. */
function outcomeOf(idNumbers: readonly string[], answers: readonly PersonAnswer[]): SourceOutcome {
  const latencyMs = Math.max(0, ...answers.map((a) => a.latencyMs));
  const records = new Map<string, PersonRecord>();
  const tickets = new Map<string, Set<string>>();
  let readyAt: Date | null = null;
  for (const [i, answer] of answers.entries()) {
    const idNumber = idNumbers[i]!;
    if (answer.kind === 'record') {
      records.set(idNumber, answer.record);
      continue;
    }
    // An asynchronous source answers each call with one ticket; the latest ready time governs.
    tickets.set(answer.ticket, (tickets.get(answer.ticket) ?? new Set()).add(idNumber));
    if (answer.readyAt && (!readyAt || answer.readyAt > readyAt)) readyAt = answer.readyAt;
  }
  if (tickets.size > 0) return { status: 'PENDING', latencyMs, tickets: [...tickets].map(([ticket, ids]) => ({ ticket, idNumbers: [...ids] })), readyAt };
  const found = [...records.values()].some((r) => r.found);
  return { status: found ? 'OK' : 'NOT_FOUND', latencyMs, records };
}

/**
 * Fetches with one DataLoader per source: all persons asked of a source in the same tick go out
 * as one upstream call (up to the source's bulk limit), so a household of N members costs one
 * call per source, and a batch chunk ceil(persons / bulk limit).
 */
export function createBroker(connectors: ConnectorSet, plans: readonly SourcePlan[], options: BrokerOptions): Broker {
  const loaders = plans.map((plan) => {
    const connector = connectors.get(plan.source.id);
    return { plan, connector, loader: connector ? loaderFor(connector, plan.attributes, options) : null };
  });
  return {
    async fetch(idNumbers) {
      const started = Date.now();
      const outcomes = await Promise.all(
        loaders.map(async ({ plan, loader }): Promise<[string, SourceOutcome]> => {
          if (!loader) return [plan.source.id, { status: 'UNAVAILABLE', latencyMs: 0, error: `no connector configured for ${plan.source.id}` }];
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<SourceOutcome>((resolve) => {
            timer = setTimeout(() => resolve({ status: 'TIMEOUT', latencyMs: Date.now() - started, error: 'no answer before the request deadline' }), Math.max(0, options.deadline - Date.now()));
          });
          const answered = Promise.all(idNumbers.map((id) => loader.load(id))).then(
            (answers) => outcomeOf(idNumbers, answers),
            (err: unknown) => errorOutcome(err, Date.now() - started),
          );
          try {
            return [plan.source.id, await Promise.race([answered, timeout])];
          } finally {
            clearTimeout(timer);
          }
        }),
      );
      return new Map(outcomes);
    },
  };
}
