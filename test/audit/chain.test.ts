import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureAuditChains, createCheckpoint, listCheckpoints, parseCheckpointFile, purgeAuditEvents, recordAuditEvents, verifyAuditChain, type AuditEvent } from '../../src/audit/index.js';
import { createDb, type Db } from '../../src/db/index.js';
import { openReportKeyRing, type ReportKeyRing } from '../../src/signing/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/database.js';
import { rewriteChainFrom } from './rewrite.js';

let t: TestDatabase;
let keys: ReportKeyRing;
/** The hub's runtime pool: acts as hub_app. */
let app: Db;

const event = (i: number): AuditEvent => ({ action: 'test.read', outcome: 'ALLOWED', actor: { sub: `verifier-${i % 3}`, org: '370102', roles: ['verifier'] }, purpose: 'MINIMUM_LIVING', details: { i } });

async function append(n: number): Promise<void> {
  // Concurrent appends spread over the chains.
  await Promise.all(Array.from({ length: n }, (_, i) => recordAuditEvents(app, [event(i)])));
}

/** As a database administrator with the append-only triggers switched off. */
async function asAdministrator(work: (db: Db) => Promise<void>): Promise<void> {
  await t.db.raw('ALTER TABLE audit_events DISABLE TRIGGER USER');
  try {
    await work(t.db);
  } finally {
    await t.db.raw('ALTER TABLE audit_events ENABLE TRIGGER USER');
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  app = createDb(t.url, { min: 0, max: 6 }, 'hub_app');
  keys = await openReportKeyRing(mkdtempSync(join(tmpdir(), 'audit-keys-')));
  configureAuditChains(4);
}, 60_000);

afterAll(async () => {
  await app.destroy();
  await t.drop();
});

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE to the hub role by privilege and to the owner by trigger', async () => {
    await append(3);
    await expect(app('audit_events').update({ actor_sub: 'x' })).rejects.toThrow(/permission denied/);
    await expect(app('audit_events').del()).rejects.toThrow(/permission denied/);
    await expect(app.raw('TRUNCATE audit_events')).rejects.toThrow(/permission denied/);
    await expect(t.db('audit_events').update({ actor_sub: 'x' })).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.db('audit_events').del()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(t.db.raw('TRUNCATE audit_events CASCADE')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await app('audit_events').count('* as n').first()).toEqual({ n: 3 });
  });

  it('spreads concurrent appends over several chains, each of which verifies', async () => {
    await append(40);
    const chains = await t.db('audit_events').distinct('chain').pluck('chain');
    expect(chains.length).toBeGreaterThan(1);
    expect(await verifyAuditChain(app, { jwks: keys.jwks(), from: 'START' })).toMatchObject({ ok: true, brokenAt: null });
  });
});

describe('checkpoints anchor the chains', () => {
  it('detects a deleted newest event, which the chain alone cannot', async () => {
    await append(10);
    const cp = await createCheckpoint(app, keys);
    expect(cp).not.toBeNull();
    expect(await createCheckpoint(app, keys)).toBeNull();
    const newest = await t.db('audit_events').orderBy('seq', 'desc').first('seq', 'chain');
    await asAdministrator((db) => db('audit_events').where({ seq: newest.seq }).del().then(() => undefined));
    const check = await verifyAuditChain(app, { jwks: keys.jwks(), from: 'START' });
    expect(check).toMatchObject({ ok: false, brokenAt: newest.seq, checkpoint: cp!.number });
    expect(check.reason).toMatch(/not in the log \(deleted\)/);
  });

  it('detects an edit followed by recomputing the later hashes of its chain', async () => {
    // A fresh log state: the previous test's deletion stays detected, so look at a new database.
    const fresh = await createTestDatabase();
    const db = createDb(fresh.url, { min: 0, max: 4 }, 'hub_app');
    try {
      await Promise.all(Array.from({ length: 12 }, (_, i) => recordAuditEvents(db, [event(i)])));
      const cp = await createCheckpoint(db, keys);
      const victim = await fresh.db('audit_events').orderBy('seq').first('seq', 'chain');
      await rewriteChainFrom(fresh.db, victim.seq, victim.chain);
      // Without the checkpoint the rewritten log looks whole: that is what anchoring adds.
      expect(await verifyAuditChain(db, { jwks: keys.jwks(), from: 'START', checkpoints: [] })).toMatchObject({ ok: true });
      const check = await verifyAuditChain(db, { jwks: keys.jwks(), from: 'START' });
      expect(check).toMatchObject({ ok: false, checkpoint: cp!.number });
      expect(check.reason).toMatch(/rewritten/);
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });

  it('reports a checkpoint that does not verify, and a missing one, by number', async () => {
    const [first] = await listCheckpoints(app);
    const forged = { ...first!, jws: first!.jws.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) };
    const bad = await verifyAuditChain(app, { jwks: keys.jwks(), from: 'START', checkpoints: [forged] });
    expect(bad).toMatchObject({ ok: false, checkpoint: first!.number });
    expect(bad.reason).toMatch(/does not verify/);
    await append(2);
    await createCheckpoint(app, keys);
    await append(2);
    const third = await createCheckpoint(app, keys);
    const gap = await verifyAuditChain(app, { jwks: keys.jwks(), from: 'START', checkpoints: [first!, third!] });
    expect(gap).toMatchObject({ ok: false, checkpoint: third!.number });
    expect(gap.reason).toMatch(/checkpoint 2 is missing/);
    const lines = parseCheckpointFile(`${JSON.stringify(first)}\nnot json\n`);
    expect(lines.checkpoints).toHaveLength(1);
    expect(lines.errors[0]).toMatch(/^line 2/);
  });
});

describe('incremental checks', () => {
  it('start after the last confirmed checkpoint and check the log as it was when they started', async () => {
    const fresh = await createTestDatabase();
    const db = createDb(fresh.url, { min: 0, max: 6 }, 'hub_app');
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => recordAuditEvents(db, [event(i)])));
      const cp = await createCheckpoint(db, keys);
      const full = await verifyAuditChain(db, { jwks: keys.jwks(), from: 'LAST_CONFIRMED', record: true });
      expect(full).toMatchObject({ ok: true, checked: 30, startedAfter: null, checkpoint: cp!.number });
      await Promise.all(Array.from({ length: 5 }, (_, i) => recordAuditEvents(db, [event(i)])));
      const next = await verifyAuditChain(db, { jwks: keys.jwks(), from: 'LAST_CONFIRMED', record: true });
      expect(next).toMatchObject({ ok: true, checked: 5, startedAfter: cp!.number });
      // Appends while a check runs do not keep it going: it checks the snapshot it started with.
      let stop = false;
      const writer = (async () => {
        while (!stop) await recordAuditEvents(db, [event(1)]);
      })();
      const during = await verifyAuditChain(db, { jwks: keys.jwks(), from: 'START' });
      stop = true;
      await writer;
      expect(during.ok).toBe(true);
      expect(during.checked).toBeGreaterThanOrEqual(35);
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });
});

describe('retention', () => {
  it('purges events before a signed checkpoint only through the audited procedure, and the chains still verify', async () => {
    const fresh = await createTestDatabase();
    const db = createDb(fresh.url, { min: 0, max: 6 }, 'hub_app');
    const purge = { checkpoint: 1, keepDays: 30, actor: { sub: 'archivist', org: '370000' }, reason: 'archive rule (test)', jwks: keys.jwks() };
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => recordAuditEvents(db, [event(i)])));
      const first = (await createCheckpoint(db, keys))!;
      await Promise.all(Array.from({ length: 6 }, (_, i) => recordAuditEvents(db, [event(i)])));
      await createCheckpoint(db, keys);
      await expect(purgeAuditEvents(fresh.db, purge)).rejects.toThrow(/checkpoint 1 is 0 days old; events are kept 30 days/);
      // The hub's role may not purge, even through the procedure.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31 * 86_400_000 });
      try {
        await expect(purgeAuditEvents(db, purge)).rejects.toThrow(/permission denied/);
        const done = await purgeAuditEvents(fresh.db, purge);
        // Each chain's head event stays: it opens its chain after the purge.
        expect(done.heads).toEqual(JSON.parse(Buffer.from(first.jws.split('.')[1]!, 'base64url').toString()).heads);
        expect(done.deleted).toBe(20 - Object.keys(done.heads).length);
      } finally {
        vi.useRealTimers();
      }
      const event1 = await fresh.db('audit_events').where({ action: 'audit.retention' }).first();
      expect(event1.details).toMatchObject({ checkpoint: 1, keepDays: 30, deleted: expect.any(Number) });
      // Outside the procedure the owner still may not delete.
      await expect(fresh.db('audit_events').where('seq', '<', 30).del()).rejects.toThrow(/append-only/);
      await recordAuditEvents(db, [event(1)]);
      const check = await verifyAuditChain(db, { jwks: keys.jwks(), from: 'START' });
      expect(check).toMatchObject({ ok: true, startedAfter: 1 });
      expect(check.checked).toBe(6 + 2);
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });
});
