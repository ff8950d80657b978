import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAuditChains, recordAuditEventGrouped, verifyAuditChain, type AuditEvent } from '../../src/audit/index.js';
import { createDb, type Db } from '../../src/db/index.js';
import { openReportKeyRing, type ReportKeyRing } from '../../src/signing/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/database.js';

let t: TestDatabase;
let keys: ReportKeyRing;
/** The hub's runtime pool: acts as hub_app. */
let app: Db;

const event = (i: number, reportId: string | null = null): AuditEvent => ({ action: 'test.read', outcome: 'ALLOWED', actor: { sub: `verifier-${i}`, org: '370102', roles: ['verifier'] }, reportId, details: { i } });

beforeAll(async () => {
  t = await createTestDatabase();
  app = createDb(t.url, { min: 0, max: 6 }, 'hub_app');
  keys = await openReportKeyRing(mkdtempSync(join(tmpdir(), 'group-commit-keys-')));
  configureAuditChains(4);
}, 60_000);

afterAll(async () => {
  await app.destroy();
  await t.drop();
});

describe('group commit of lone audit events', () => {
  it('commits the events of one turn in one transaction: one chain, consecutive numbers, one instant', async () => {
    const seqs = await Promise.all(Array.from({ length: 25 }, (_, i) => recordAuditEventGrouped(app, event(i))));
    const rows: { seq: number; chain: number; occurred_at: Date; actor_sub: string }[] = await t.db('audit_events').whereIn('seq', seqs).orderBy('seq').select('seq', 'chain', 'occurred_at', 'actor_sub');
    expect(rows.map((r) => r.actor_sub)).toEqual(Array.from({ length: 25 }, (_, i) => `verifier-${i}`));
    expect(new Set(rows.map((r) => r.chain)).size).toBe(1);
    expect(new Set(rows.map((r) => r.occurred_at.toISOString())).size).toBe(1);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => seqs[0]! + i));
    expect(await verifyAuditChain(app, { jwks: keys.jwks(), from: 'START' })).toMatchObject({ ok: true, brokenAt: null });
  });

  it('settles each promise only once its event is in the log', async () => {
    const seq = await recordAuditEventGrouped(app, event(100));
    expect(await app('audit_events').where({ seq }).first('actor_sub')).toEqual({ actor_sub: 'verifier-100' });
  });

  it('records the others when one event of the group cannot be, and refuses that one alone', async () => {
    const { newest } = (await t.db('audit_events').max('seq as newest').first()) as { newest: number };
    const results = await Promise.allSettled([recordAuditEventGrouped(app, event(200)), recordAuditEventGrouped(app, event(201, randomUUID())), recordAuditEventGrouped(app, event(202))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/foreign key/);
    const recorded = await t.db('audit_events').where('seq', '>', newest).orderBy('seq').pluck('actor_sub');
    expect(recorded).toEqual(['verifier-200', 'verifier-202']);
    expect(await verifyAuditChain(app, { jwks: keys.jwks(), from: 'START' })).toMatchObject({ ok: true });
  });

  it('keeps the later groups going while earlier ones commit (no event waits for a group it missed)', async () => {
    const waves = await Promise.all(
      Array.from({ length: 5 }, async (_, w) => {
        await new Promise((r) => setTimeout(r, w * 3));
        return Promise.all(Array.from({ length: 10 }, (_, i) => recordAuditEventGrouped(app, event(300 + w * 10 + i))));
      }),
    );
    const seqs = waves.flat();
    expect(new Set(seqs).size).toBe(50);
    expect(await t.db('audit_events').whereIn('seq', seqs).count('* as n').first()).toEqual({ n: 50 });
  });
});
