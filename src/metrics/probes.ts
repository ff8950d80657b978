import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { Gauge } from 'prom-client';
import type { ConnectorSet } from '../../connectors/index.js';
import type { ChainHeads } from '../audit/index.js';
import { readChainHeads } from '../audit/index.js';
import { registry } from './registry.js';

/** What a scrape reads from a running hub: its queues, its connectors' circuits, its database. */
export interface HubProbes {
  db: Knex;
  queues: readonly Queue[];
  connectors: ConnectorSet;
}

// The hubs of this process (one in production; tests may start several): read at each scrape.
const watched = new Set<HubProbes>();

/** Reads these probes at every scrape until the returned function is called (the hub stops). */
export function watchHub(probes: HubProbes): () => void {
  watched.add(probes);
  return () => void watched.delete(probes);
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;
const CIRCUIT_VALUE = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 } as const;

/** A scrape must answer even when PostgreSQL or Redis does not: a probe that fails leaves its series out. */
async function quietly(read: () => Promise<void>): Promise<void> {
  await read().catch(() => undefined);
}

async function collectQueues(this: Gauge<'queue' | 'state'>): Promise<void> {
  this.reset();
  for (const hub of watched) {
    for (const queue of hub.queues) {
      await quietly(async () => {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      });
    }
  }
}

function collectCircuits(this: Gauge<'source'>): void {
  this.reset();
  for (const hub of watched) for (const c of hub.connectors.all()) this.set({ source: c.source.id }, CIRCUIT_VALUE[c.health().circuit]);
}

async function collectTickets(this: Gauge<'source'>): Promise<void> {
  this.reset();
  for (const hub of watched) {
    await quietly(async () => {
      // Tickets of reports still PENDING; the partial index on reports.status keeps this to the open ones.
      const { rows } = await hub.db.raw<{ rows: { source_id: string; tickets: string }[] }>(
        `SELECT s.source_id, sum(cardinality(s.tickets))::text AS tickets
           FROM reports r JOIN source_results s ON s.request_id = r.request_id
          WHERE r.status = 'PENDING' AND s.status = 'PENDING'
          GROUP BY s.source_id`,
      );
      for (const r of rows) this.set({ source: r.source_id }, Number(r.tickets));
    });
  }
}

/** Events appended after the newest checkpoint, chain by chain: what a checkpoint does not vouch for yet. */
function eventsAfter(heads: ChainHeads, checkpointed: ChainHeads): number {
  return Object.entries(heads).reduce((sum, [chain, head]) => sum + Math.max(0, head.seq - (checkpointed[chain]?.seq ?? 0)), 0);
}

const auditUncheckpointed = new Gauge({ name: 'hub_audit_events_uncheckpointed', help: 'Audit events appended after the newest signed checkpoint (all chains).', registers: [registry] });

async function collectAuditLag(this: Gauge): Promise<void> {
  const hub = [...watched][0];
  if (!hub) return;
  await quietly(async () => {
    const [heads, last] = await Promise.all([readChainHeads(hub.db), hub.db('audit_checkpoints').orderBy('number', 'desc').first('heads', 'created_at')]);
    const checkpointed = (last?.heads ?? {}) as ChainHeads;
    auditUncheckpointed.set(eventsAfter(heads, checkpointed));
    this.set(last ? (Date.now() - new Date(last.created_at as string).getTime()) / 1000 : -1);
  });
}

new Gauge({ name: 'hub_queue_jobs', help: 'BullMQ jobs by queue and state (waiting, active, delayed, failed, prioritized).', labelNames: ['queue', 'state'] as const, registers: [registry], collect: collectQueues });
new Gauge({ name: 'hub_source_circuit_state', help: "A source's circuit breaker in this process: 0 closed, 1 half-open, 2 open.", labelNames: ['source'] as const, registers: [registry], collect: collectCircuits });
new Gauge({ name: 'hub_source_tickets_pending', help: 'Tickets of asynchronous sources (banks) that stored reports still wait for.', labelNames: ['source'] as const, registers: [registry], collect: collectTickets });
new Gauge({ name: 'hub_audit_checkpoint_age_seconds', help: 'Seconds since the newest signed checkpoint of the audit chains (-1: none yet).', registers: [registry], collect: collectAuditLag });
