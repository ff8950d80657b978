import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEventsWith, verifyAuditChain, type AuditEvent } from '../../src/audit/index.js';
import { createDb, type Db, type Writes } from '../../src/db/index.js';
import { openReportKeyRing, type ReportKeyRing } from '../../src/signing/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/database.js';

let t: TestDatabase;
let keys: ReportKeyRing;
/** The hub's runtime pool: acts as hub_app. */
let app: Db;

const actor = { sub: 'verifier-1', org: '370102', roles: ['verifier'] };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createDb(t.url, { min: 0, max: 2 }, 'hub_app');
  keys = await openReportKeyRing(mkdtempSync(join(tmpdir(), 'append-with-keys-')));
}, 60_000);

afterAll(async () => {
  await app.destroy();
  await t.drop();
});

/** A request, a household and a report referencing both, as the writes of one statement. */
function reportWrites(db: Db, ids: { request: string; report: string; ref: string }): Writes {
  return [
    ['request', db('verification_requests').insert({ id: ids.request, purpose: 'NEW_APPLICATION', requester_sub: actor.sub, requester_org: actor.org, requester_roles: actor.roles, status: 'PENDING' }).returning('id')],
    ['household', db('households').insert({ region_code: '370102', external_ref: ids.ref }).returning('id')],
    ['report', db.raw("INSERT INTO reports (id, request_id, household_id, body_sha256) SELECT ?, ?, h.id, repeat('0', 64) FROM household h RETURNING id", [ids.report, ids.request])],
  ];
}

const eventAbout = (ids: { request: string; report: string }): AuditEvent => ({ action: 'test.store', outcome: 'ALLOWED', actor, requestId: ids.request, reportId: ids.report });

async function newestSeq(): Promise<number> {
  const { newest } = (await t.db('audit_events').max('seq as newest').first()) as { newest: number | null };
  return Number(newest ?? 0);
}

describe('an audit event appended in the statement of the writes it records', () => {
  it('sees the rows the statement inserts: the event names the request and report it writes (their foreign keys hold)', async () => {
    const ids = { request: randomUUID(), report: randomUUID(), ref: `append-with-${randomUUID()}` };
    const { seqs, written } = await appendAuditEventsWith<{ id: string }>(app, reportWrites(app, ids), 'report', [eventAbout(ids)]);
    expect(written).toEqual({ id: ids.report });
    expect(seqs).toHaveLength(1);
    expect(await t.db('audit_events').where({ seq: seqs[0] }).first('report_id', 'request_id', 'action')).toEqual({ report_id: ids.report, request_id: ids.request, action: 'test.store' });
    expect(await verifyAuditChain(app, { jwks: keys.jwks(), from: 'START' })).toMatchObject({ ok: true, brokenAt: null });
  });

  it('appends nothing when the write it records wrote no row', async () => {
    const before = await newestSeq();
    const none = app.raw("UPDATE reports SET status = status WHERE id = ? RETURNING id", [randomUUID()]);
    const { seqs, written } = await appendAuditEventsWith(app, [['report', none]], 'report', [{ action: 'test.none', outcome: 'ALLOWED', actor }]);
    expect({ seqs, written }).toEqual({ seqs: [], written: null });
    expect(await newestSeq()).toBe(before);
  });

  it('leaves neither the writes nor the event when one write fails', async () => {
    const first = { request: randomUUID(), report: randomUUID(), ref: `append-with-${randomUUID()}` };
    await appendAuditEventsWith(app, reportWrites(app, first), 'report', [eventAbout(first)]);
    const before = await newestSeq();
    // The same report id again: its insert fails, after the household's has run.
    const again = { request: randomUUID(), report: first.report, ref: `append-with-${randomUUID()}` };
    await expect(appendAuditEventsWith(app, reportWrites(app, again), 'report', [eventAbout(again)])).rejects.toThrow(/duplicate key/);
    expect(await newestSeq()).toBe(before);
    expect(await t.db('households').where({ external_ref: again.ref }).first()).toBeUndefined();
    expect(await t.db('verification_requests').where({ id: again.request }).first()).toBeUndefined();
  });
});
