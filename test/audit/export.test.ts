import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { verifyAuditBundle } from '../../src/audit/index.js';
import { createDb } from '../../src/db/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { until } from '../kit/until.js';

const run = promisify(execFile);
let t: TestHub;
let verifier: string;
let auditor: string;
let h: SandboxHousehold;
const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));

async function exportAudit(token: string, body: unknown): Promise<Response> {
  return fetch(new URL('/audit/export', t.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function verifyAudit(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'src/bin/verify-audit.ts', ...args], { env: { ...process.env, DATABASE_URL: t.env.DATABASE_URL } });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  // Checkpoints every second, so the test sees the interval at work.
  t = await startTestHub({ AUDIT_CHECKPOINT_INTERVAL_S: '1', AUDIT_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl') });
  verifier = await t.token(['verifier'], '370102');
  auditor = await t.token(['auditor'], '370102');
  h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.applicant && x.members.every((m) => (m.traits.hukouRegion ?? m.regionCode) === '370102'))!;
  const documentSha256 = await t.consentDocument(verifier);
  await t.gql(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2028-01-01' })) });
  const input = { household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, declaredMonthlyIncome: 0 })), declaredAssets: h.declaration.assets }, purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}` };
  const res = await t.gql(verifier, 'mutation($i: VerificationInput!) { requestVerification(input: $i) { id } }', { i: input });
  expect(res.body.errors).toBeUndefined();
  // Until a checkpoint signs a head at or after the verification's last event (one a second).
  const last = Number((await t.hub.db('audit_events').where({ application_ref: `APP-${h.id}` }).max('seq as s').first())!.s);
  const covered = async () => (await t.hub.db('audit_checkpoints').select('heads')).some((c) => Object.values(c.heads as Record<string, { seq: number }>).some((x) => x.seq >= last));
  await until('a checkpoint after the verification', covered, (ok) => ok, 10_000, 100);
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(await (await fetch(new URL('/.well-known/jwks.json', t.url))).json()));
}, 90_000);
afterAll(async () => {
  await t?.stop();
});

describe('auditor exports', () => {
  it('exports a person\'s events as CSV with a BOM, subjects masked, never the ID number', async () => {
    const res = await exportAudit(auditor, { idNumber: h.members[0]!.idNumber, format: 'csv' });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    // fetch's text() drops a BOM: look at the bytes.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('verification.access');
    expect(text).toContain('verification.request');
    expect(text).not.toContain(h.members[0]!.idNumber);
    expect(text).toMatch(/\d{6}\*{8}[\dX]{4}/);
    const exported = await t.hub.db('audit_events').where({ action: 'audit.export', actor_sub: 'test-auditor' }).first();
    expect(exported.details.selection.idNumber).toMatch(/\*{8}/);
  });

  it('exports a signed bundle that verifies offline, anchored to a checkpoint, and fails when altered', async () => {
    const res = await exportAudit(auditor, { applicationRef: `APP-${h.id}`, format: 'bundle' });
    expect(res.status).toBe(200);
    const jws = await res.text();
    const jwks = (await (await fetch(new URL('/.well-known/jwks.json', t.url))).json()) as JSONWebKeySet;
    const check = await verifyAuditBundle(jws, jwks);
    expect(check).toMatchObject({ ok: true, problems: [] });
    expect(check.events).toBeGreaterThanOrEqual(2);
    expect(check.anchored).toBe(check.events);
    const [header, payload, signature] = jws.split('.');
    const altered = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    altered.events[0].fields.actor_sub = 'someone-else';
    expect((await verifyAuditBundle(`${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`, jwks)).ok).toBe(false);
    writeFileSync(join(dir, 'bundle.jws'), jws);
    const cli = await verifyAudit(['--bundle', join(dir, 'bundle.jws'), '--jwks', join(dir, 'jwks.json')]);
    expect(cli).toMatchObject({ code: 0 });
    expect(cli.out).toMatch(/^intact: \d+ events, \d+ anchored/);
  });

  it('refuses what is not an auditor\'s, or not one selection, naming the field', async () => {
    expect((await exportAudit(verifier, { idNumber: h.members[0]!.idNumber })).status).toBe(403);
    const both = await exportAudit(auditor, { idNumber: h.members[0]!.idNumber, actorSub: 'x' });
    expect(both.status).toBe(400);
    expect(await both.text()).toMatch(/exactly one of idNumber, actorSub and applicationRef/);
    expect(await (await exportAudit(auditor, { idNumber: '110105194912310021', format: 'csv' })).text()).toMatch(/idNumber: not a valid/);
    // Another county's auditor gets none of this county's events.
    const foreign = await exportAudit(await t.token(['auditor'], '370103'), { applicationRef: `APP-${h.id}` });
    expect((await foreign.text()).trim().split('\n')).toHaveLength(1);
  });

  it('verifies the log against the exported checkpoints offline, and finds a deleted newest event', async () => {
    const res = await fetch(new URL('/audit/checkpoints', t.url), { headers: { authorization: `Bearer ${auditor}` } });
    expect(res.headers.get('content-type')).toMatch(/ndjson/);
    const file = join(dir, 'exported.jsonl');
    writeFileSync(file, await res.text());
    const intact = await verifyAudit(['--checkpoints', file, '--jwks', join(dir, 'jwks.json')]);
    expect(intact.out).toMatch(/^intact: .* \d+ events checked from the start/);
    expect(intact.code).toBe(0);
    // A database administrator removes the tail of a chain, from the event the newest exported
    // checkpoint signed as its head on: the chain that is left verifies, the checkpoint does not.
    const numbers = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).number as number);
    const anchored = await t.hub.db('audit_checkpoints').where({ number: Math.max(...numbers) }).first('heads');
    const [chain, head] = Object.entries(anchored.heads as Record<string, { seq: number }>).sort((a, b) => b[1].seq - a[1].seq)[0]!;
    const victim = head.seq;
    const owner = createDb(t.env.DATABASE_URL!, { min: 0, max: 1 });
    await owner.raw('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await owner('audit_events').where({ chain: Number(chain) }).where('seq', '>=', victim).del();
    await owner.raw('ALTER TABLE audit_events ENABLE TRIGGER USER');
    await owner.destroy();
    const broken = await verifyAudit(['--checkpoints', file, '--jwks', join(dir, 'jwks.json')]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN at event ${victim}`);
    expect(broken.out).toContain('not in the log (deleted)');
  });
});
