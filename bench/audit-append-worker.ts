import { configureAuditChains, recordAuditEvents } from '../src/audit/index.js';
import { createDb } from '../src/db/index.js';

/** One appending process of bench/audit-append.ts: appends for DURATION_MS with CONCURRENCY writers, prints its count. */
const url = process.env.DATABASE_URL!;
const chains = Number(process.env.AUDIT_CHAINS);
const durationMs = Number(process.env.DURATION_MS);
const concurrency = Number(process.env.CONCURRENCY);
configureAuditChains(chains);
const db = createDb(url, { min: concurrency, max: concurrency }, 'hub_app');
await db.raw('SELECT 1');
const until = Date.now() + durationMs;
let appended = 0;
async function writer(w: number): Promise<void> {
  while (Date.now() < until) {
    await recordAuditEvents(db, [{ action: 'bench.read', outcome: 'ALLOWED', actor: { sub: `bench-${process.pid}-${w}`, org: '370102', roles: ['verifier'] }, regionCode: '370102', details: { n: appended } }]);
    appended += 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, w) => writer(w)));
await db.destroy();
console.log(JSON.stringify({ appended }));
