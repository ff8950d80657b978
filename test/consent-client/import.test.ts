import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { consentPdf } from '../kit/hub.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'consents-import-'));
let t: TestHub;
let token: string;
let hubBase: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a client command as a user would (asynchronously: the hub answering it runs in this process). */
function command(file: string, args: string[], hubToken = token): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', file, ...args], { cwd: repo, env: { ...process.env, HUB_TOKEN: hubToken } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}
const consents = (args: string[], hubToken?: string) => command('src/bin/consents.ts', args, hubToken);

const households = (region: string, size: number) => t.hub.sandbox!.population.households.filter((h) => h.regionCode === region && h.members.length === size);
const consentRows = async () => Number((await t.hub.db('consents').count({ n: '*' }).first())?.n);
const registrations = async () => Number((await t.hub.db('audit_events').where({ action: 'consent.register' }).count({ n: '*' }).first())?.n);

/** The batch CSV: one row per member, household columns on each row. */
function batchCsv(hs: SandboxHousehold[]): string {
  const rows = hs.flatMap((h) => h.members.map((m) => [`REVIEW-${h.id}`, h.regionCode, h.id, m.idNumber, m.name, m.relation].join(',')));
  return ['applicationRef,regionCode,externalRef,idNumber,name,relation', ...rows].join('\n') + '\n';
}

beforeAll(async () => {
  t = await startTestHub({ WORKER: 'on' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
  hubBase = t.url.replace(/\/graphql$/, '');
  writeFileSync(join(dir, 'form.pdf'), consentPdf('batch of signed forms'));
}, 60_000);
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run consents -- import', () => {
  it('registers the consents of a batch CSV through the hub, after which the batch verifies every household', async () => {
    const hs = households('370102', 2).slice(0, 3);
    const file = join(dir, 'households.csv');
    writeFileSync(file, batchCsv(hs));
    const before = await registrations();
    const run = await consents(['import', file, '--hub', hubBase, '--document', join(dir, 'form.pdf'), '--purposes', 'PERIODIC_REVIEW', '--valid-from', '2026-01-01', '--valid-until', '2027-12-31']);
    expect(run.stderr).toBe('consents: column(s) applicationRef, regionCode, externalRef, relation ignored\n');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ lines: 6, registered: 6, failed: 0, failures: [] });
    // One audited registration per call of up to 200, as any other caller's.
    expect(await registrations()).toBe(before + 1);

    const batch = await command('src/bin/batch.ts', ['submit', file, '--purpose', 'PERIODIC_REVIEW', '--hub', hubBase, '--wait']);
    expect(batch.code).toBe(0);
    expect(JSON.parse(batch.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'DONE', total: 3, counts: { done: 3, refused: 0, failed: 0 } });
  }, 120_000);

  it('reports each bad line by number, registers the others and exits 1', async () => {
    const [a, b, c] = households('370103', 1);
    const bad = `${a!.members[0]!.idNumber.slice(0, 17)}${a!.members[0]!.idNumber.endsWith('0') ? '1' : '0'}`;
    const lines = [
      'idNumber,name,purposes,validFrom,validUntil,document,documentSha256',
      `${a!.members[0]!.idNumber},${a!.members[0]!.name},NEW_APPLICATION,2026-01-01,2027-12-31,form.pdf,`,
      `${bad},Wrong Digit,NEW_APPLICATION,2026-01-01,2027-12-31,form.pdf,`,
      `${b!.members[0]!.idNumber},${b!.members[0]!.name},NOSY,2026-01-01,2027-12-31,form.pdf,`,
      // Well-formed, but no form with this hash was uploaded: the hub refuses it, the client goes on without it.
      `${c!.members[0]!.idNumber},${c!.members[0]!.name},NEW_APPLICATION,2026-01-01,2027-12-31,,${'ab'.repeat(32)}`,
      `${c!.members[0]!.idNumber},${c!.members[0]!.name},NEW_APPLICATION,2026-01-01,2027-12-31,form.pdf,`,
      `${b!.members[0]!.idNumber},,NEW_APPLICATION,2026-01-01,2027-12-31,form.pdf,`,
    ];
    const file = join(dir, 'consents.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = await consentRows();
    const run = await consents(['import', file, '--hub', hubBase]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as { lines: number; registered: number; failed: number; failures: { line: number; reason: string }[] };
    expect(summary).toMatchObject({ lines: 6, registered: 2, failed: 4 });
    expect(summary.failures.map((f) => f.line)).toEqual([3, 4, 5, 7]);
    expect(summary.failures[0]!.reason).toMatch(/^idNumber: /);
    expect(summary.failures[1]!.reason).toMatch(/^purposes "NOSY": "NOSY" is not a purpose/);
    expect(summary.failures[2]!.reason).toMatch(/^BAD_USER_INPUT: documentSha256: no consent document with this hash/);
    expect(summary.failures[3]!.reason).toBe('name: 1 to 50 characters');
    expect(run.stderr).toContain('consents: line 3: idNumber: ');
    // Personal data stays out of the messages.
    expect(run.stdout + run.stderr).not.toContain(bad);
    expect(await consentRows()).toBe(before + 2);
  }, 60_000);

  it('reads JSON Lines: consent objects and batch lines (every member and supporter)', async () => {
    const hs = households('370112', 3).slice(0, 2);
    const documentSha256 = await t.consentDocument(token);
    const m = hs[0]!.members[0]!;
    const jsonl = [
      JSON.stringify({ idNumber: m.idNumber, name: m.name, purposes: ['PERIODIC_REVIEW', 'NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-06-30', documentSha256 }),
      '{"idNumber": ',
      JSON.stringify(batchItem(hs[1]!)),
    ].join('\n');
    const file = join(dir, 'consents.jsonl');
    writeFileSync(file, `${jsonl}\n`);
    const run = await consents(['import', file, '--hub', hubBase, '--document', join(dir, 'form.pdf'), '--purposes', 'PERIODIC_REVIEW', '--valid-from', '2026-01-01', '--valid-until', '2027-12-31']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ lines: 3, registered: 4, failed: 1, failures: [{ line: 2, reason: 'not valid JSON' }] });
  }, 60_000);

  it('reads a GBK CSV as Excel saves it, and names an ID number Excel turned into 3.70102E+17 with its code', async () => {
    const [h] = households('370104', 2);
    const csv = ['idNumber,name', ...h!.members.map((m) => `${m.idNumber},${m.name}`), '3.70104E+17,王小明'].join('\r\n');
    const file = join(dir, 'gbk.csv');
    writeFileSync(file, iconv.encode(`${csv}\r\n`, 'gbk'));
    const run = await consents(['import', file, '--hub', hubBase, '--document', join(dir, 'form.pdf'), '--purposes', 'PERIODIC_REVIEW', '--valid-from', '2026-01-01', '--valid-until', '2027-12-31']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ lines: 3, registered: 2, failed: 1, failures: [{ line: 4, code: 'ID_NUMBER_SCIENTIFIC_NOTATION' }] });
  }, 60_000);

  it('stops with exit 1 when the hub refuses the token, and exits 2 for a bad command line', async () => {
    const file = join(dir, 'refused.csv');
    writeFileSync(file, batchCsv(households('370102', 1).slice(0, 1)));
    const refused = await consents(['import', file, '--hub', hubBase, '--document', join(dir, 'form.pdf'), '--purposes', 'PERIODIC_REVIEW', '--valid-from', '2026-01-01', '--valid-until', '2027-12-31'], 'not-a-token');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/consents: POST \/consents\/documents: UNAUTHENTICATED: .*\(stopped after 0 consent\(s\) registered/);
    expect(await consents(['import', file, '--purposes', 'NOSY'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--purposes "NOSY": "NOSY" is not a purpose') });
    expect(await consents(['import', join(dir, 'none.csv')])).toMatchObject({ code: 2, stderr: `consents: ${join(dir, 'none.csv')}: no such file\n` });
    expect(await consents(['export', file])).toMatchObject({ code: 2, stderr: expect.stringContaining('"export": unknown command (known: import)') });
  }, 60_000);
});
