import { setMaxListeners } from 'node:events';
import DataLoader from 'dataloader';
import { SourceError, type ConnectorSet, type FetchContext, type SourceConnector } from '../../connectors/index.js';
import type { PersonRecord } from '../catalog/index.js';
import { observeSourceCall } from '../metrics/index.js';
import type { SourcePlan } from './plan.js';

export type SourceStatus = 'OK' | 'NOT_FOUND' | 'TIMEOUT' | 'UNAVAILABLE' | 'PENDING';

/** One upstream call of an asynchronous source: its ticket answers for these persons. */
export interface PendingTicket {
  ticket: string;
  idNumbers: string[];
}

/** What one source said about a group of persons (one household), as a report records it. */
export type SourceOutcome =
  | { status: 'OK' | 'NOT_FOUND'; latencyMs: number; records: Map<string, PersonRecord> }
  // More persons than the source takes in one call are asked in several calls: one ticket each.
  | { status: 'PENDING'; latencyMs: number; tickets: PendingTicket[]; readyAt: Date | null }
  | { status: 'TIMEOUT' | 'UNAVAILABLE'; latencyMs: number; error: string };

/** What one source said about one person: a record, the ticket of the call that asked, or why that call failed. */
type PersonAnswer =
  | { kind: 'record'; record: PersonRecord; latencyMs: number }
  | { kind: 'pending'; ticket: string; readyAt: Date | null; latencyMs: number }
  | { kind: 'failed'; status: 'TIMEOUT' | 'UNAVAILABLE'; error: string; latencyMs: number };

export interface BrokerOptions {
  /** Epoch ms: sources that have not answered by then are reported as TIMEOUT. */
  deadline: number;
  requestId: string;
  /** Called once per upstream call, for metrics and tests. */
  onUpstreamCall?: (sourceId: string, persons: number) => void;
}

/** Every planned source's answers, person by person: a failed call fails only the persons it carried. */
export interface FetchedSources {
  /** One source's outcome for some of the persons asked (one household of a batch chunk). */
  outcomeFor(sourceId: string, idNumbers: readonly string[]): SourceOutcome;
  /** Every ticket the asynchronous sources issued. */
  tickets(): { source: string; ticket: string }[];
  /** When the agencies said their tickets would be ready (the latest), or null if they did not say. */
  readyAt(): Date | null;
}

export interface Broker {
  /** Asks every planned source about these persons, in parallel; never rejects. */
  fetch(idNumbers: readonly string[]): Promise<FetchedSources>;
}

/** A source's status once it answered for some persons: OK when it holds a record of any of them. */
export function answeredStatus(records: Iterable<PersonRecord | undefined>): 'OK' | 'NOT_FOUND' {
  for (const r of records) if (r?.found) return 'OK';
  return 'NOT_FOUND';
}

function failedAnswer(err: unknown, latencyMs: number): PersonAnswer {
  const status = err instanceof SourceError && err.code === 'TIMEOUT' ? 'TIMEOUT' : 'UNAVAILABLE';
  return { kind: 'failed', status, error: err instanceof Error ? err.message : String(err), latencyMs };
}

function loaderFor(connector: SourceConnector, attributes: string[], ctx: FetchContext, options: BrokerOptions): DataLoader<string, PersonAnswer> {
  return new DataLoader<string, PersonAnswer>(
    async (persons) => {
      options.onUpstreamCall?.(connector.source.id, persons.length);
      const started = Date.now();
      try {
        const result = await observeSourceCall(connector.source.id, () => connector.fetch(persons, attributes, ctx), (r) => (r.kind === 'PENDING' ? 'PENDING' : answeredStatus(r.records.values())));
        if (result.kind === 'PENDING') return persons.map(() => ({ kind: 'pending', ticket: result.ticket, readyAt: result.readyAt, latencyMs: result.latencyMs }));
        return persons.map((p) => ({ kind: 'record', record: result.records.get(p) ?? { found: false }, latencyMs: result.latencyMs }));
      } catch (err) {
        // Only the persons of this call: others asked of the same source in other calls keep their answers.
        const failed = failedAnswer(err, Date.now() - started);
        return persons.map(() => failed);
      }
    },
    // One upstream call carries as many persons as the agency accepts; values are not cached
    // beyond this broker, whose life is one request or one batch chunk.
    { maxBatchSize: connector.source.maxBulk },
  );
}

/** Folds the answers of one source about a group of persons into the source's outcome for them. */
function fold(idNumbers: readonly string[], answers: readonly PersonAnswer[]): SourceOutcome {
  const latencyMs = Math.max(0, ...answers.map((a) => a.latencyMs));
  const failed = answers.find((a) => a.kind === 'failed');
  if (failed) return { status: failed.status, latencyMs, error: failed.error };
  const records = new Map<string, PersonRecord>();
  const tickets = new Map<string, string[]>();
  let readyAt: Date | null = null;
  for (const [i, answer] of answers.entries()) {
    const idNumber = idNumbers[i]!;
    if (answer.kind === 'record') records.set(idNumber, answer.record);
    else if (answer.kind === 'pending') {
      tickets.set(answer.ticket, [...(tickets.get(answer.ticket) ?? []), idNumber]);
      if (answer.readyAt && (!readyAt || answer.readyAt > readyAt)) readyAt = answer.readyAt;
    }
  }
  if (tickets.size > 0) return { status: 'PENDING', latencyMs, tickets: [...tickets].map(([ticket, ids]) => ({ ticket, idNumbers: ids })), readyAt };
  return { status: answeredStatus(records.values()), latencyMs, records };
}

function fetchedSources(answers: Map<string, Map<string, PersonAnswer>>): FetchedSources {
  return {
    outcomeFor(sourceId, idNumbers) {
      const bySource = answers.get(sourceId);
      if (!bySource) return { status: 'UNAVAILABLE', latencyMs: 0, error: `no connector configured for ${sourceId}` };
      return fold(idNumbers, idNumbers.map((id) => bySource.get(id) ?? { kind: 'failed', status: 'UNAVAILABLE', error: 'person not asked', latencyMs: 0 }));
    },
    tickets() {
      const seen = new Map<string, { source: string; ticket: string }>();
      for (const [source, bySource] of answers) for (const a of bySource.values()) if (a.kind === 'pending') seen.set(`${source}/${a.ticket}`, { source, ticket: a.ticket });
      return [...seen.values()];
    },
    readyAt() {
      let latest: Date | null = null;
      for (const bySource of answers.values()) for (const a of bySource.values()) if (a.kind === 'pending' && a.readyAt && (!latest || a.readyAt > latest)) latest = a.readyAt;
      return latest;
    },
  };
}

/**
 * Fetches with one DataLoader per source: all persons asked of a source in the same tick go out
 * as one upstream call (up to the source's bulk limit), so a household of N members costs one
 * call per source, and a batch chunk ceil(persons / bulk limit). One timer bounds the whole fetch:
 * at the deadline the calls are aborted and every person still unanswered is TIMEOUT.
 */
export function createBroker(connectors: ConnectorSet, plans: readonly SourcePlan[], options: BrokerOptions): Broker {
  return {
    async fetch(idNumbers) {
      const started = Date.now();
      const deadline = new AbortController();
      // Every agency call of the fetch listens to it (62 for a full household): not a leak.
      setMaxListeners(0, deadline.signal);
      const expired = new Promise<PersonAnswer>((resolve) => deadline.signal.addEventListener('abort', () => resolve({ kind: 'failed', status: 'TIMEOUT', error: 'no answer before the request deadline', latencyMs: Date.now() - started }), { once: true }));
      const timer = setTimeout(() => deadline.abort(), Math.max(0, options.deadline - Date.now()));
      const ctx: FetchContext = { deadline: options.deadline, requestId: options.requestId, signal: deadline.signal };
      try {
        const answers = await Promise.all(
          plans.map(async (plan): Promise<[string, Map<string, PersonAnswer>] | null> => {
            const connector = connectors.get(plan.source.id);
            if (!connector) return null;
            const loader = loaderFor(connector, plan.attributes, ctx, options);
            const each = await Promise.all(idNumbers.map((id) => Promise.race([loader.load(id), expired])));
            return [plan.source.id, new Map(idNumbers.map((id, i) => [id, each[i]!]))];
          }),
        );
        return fetchedSources(new Map(answers.filter((a) => a !== null)));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
