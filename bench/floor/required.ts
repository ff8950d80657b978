import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { createSharedLimits } from '../../connectors/limits/index.js';
import { canonicalBytes } from '../../src/canonical/index.js';
import { catalog } from '../../src/catalog/index.js';
import { openBytes, sealBytes } from '../../src/data-protection/index.js';
import { policyFromVersions } from '../../src/regional-policy/index.js';
import { refreshReport, type ReportBody } from '../../src/reports/index.js';
import { cpuPerRound, type AgencyCall, type FloorPart } from './verify-floor.js';

/**
 * What the hub must do besides the floor's parts, each timed in-process with the hub's own code
 * (issue 15's floor leaves them out; other issues require them): the report's comparison and means
 * test, sealing its versions at rest, and the source limits shared with every other process. The
 * second version the bank answers make costs the floor's per-version parts again; bench:verify adds
 * those from the floor itself.
 */
export interface RequiredInput {
  /** The hub's database handle, holding its data keys. */
  db: Knex;
  redisUrl: string;
  /** The completed report as stored. */
  reportBody: ReportBody;
  calls: AgencyCall[];
  rounds: number;
}

/** The source an agency request was for: its path is `/agencies/<source>/...`. */
const sourceOf = (call: AgencyCall): string => call.path.split('/')[2] ?? 'unknown';

export async function measureRequiredWork(input: RequiredInput): Promise<FloorPart[]> {
  const policy = await policyFromVersions(input.db, input.reportBody.policy);
  const at = new Date().toISOString();
  // refreshReport changes the body it is given: a copy per round, made before the clock starts, parsed as the hub reads a stored one.
  const text = JSON.stringify(input.reportBody);
  const copies = Array.from({ length: input.rounds + 1 }, () => JSON.parse(text) as ReportBody);
  const bytes = canonicalBytes(input.reportBody);
  const field = (revision: number) => ({ table: 'reports', column: 'body', row: `${input.reportBody.id}/${revision}` });
  const sealed = sealBytes(input.db, field(1), bytes, { compress: true });
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: 2 });
  // Keys of this run's own: the benchmark may run beside a hub on the same Redis.
  const prefix = `bench-required-${process.pid}`;
  const limits = createSharedLimits({ redis, prefix, callsPerSecond: 1_000_000, inFlight: 10_000 });
  const sources = input.calls.map(sourceOf);
  // One signal for every call, as the hub passes its fetch's deadline signal.
  const signal = new AbortController().signal;
  try {
    return [
      {
        name: 'comparison and means test of the completed report (refreshReport)',
        cpuMs: await cpuPerRound(input.rounds, () => refreshReport(copies.pop()!, at, catalog(), policy)),
      },
      {
        name: 'sealing both versions at rest (Brotli + AES-256-GCM) and opening one',
        cpuMs: await cpuPerRound(input.rounds, () => {
          sealBytes(input.db, field(1), bytes, { compress: true });
          sealBytes(input.db, field(2), bytes, { compress: true });
          openBytes(input.db, field(1), sealed);
        }),
      },
      {
        name: `source limits shared across processes: ${sources.length} calls admitted and freed (Redis)`,
        cpuMs: await cpuPerRound(input.rounds, async () => {
          const releases = await Promise.all(sources.map((s) => limits.acquire(s, signal)));
          await Promise.all(releases.map((release) => release()));
        }),
      },
    ];
  } finally {
    // Frees are sent within 10 ms of a call's end (admission.ts): let the last ones go before the keys.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}
