import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReportKeyRing, verifyReportJws, type SignedReport } from '../../src/signing/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const report = { version: 1, status: 'COMPLETE', id: 'rep-cli-1', household: { id: 'hh-1' } };

let root: string;
let keysDir: string;
let jwksFile: string;
let signed: SignedReport;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'verify-report-cli-'));
  keysDir = path.join(root, 'report-keys');
  jwksFile = path.join(keysDir, 'jwks.json');
  signed = await (await openReportKeyRing(keysDir)).sign(report);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run -s verify-report` does (tsx). REPORT_KEYS_DIR points into the temp dir unless given. */
function verifyReport(args: string[], env: Record<string, string> = { REPORT_KEYS_DIR: path.join(root, 'no-such-keys') }): Run {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'src/signing/verify-report-cli.ts', ...args], {
      cwd: repo,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // execFileSync returns stdout only; stderr is not known on success.
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const failed = err as { status: number | null; stdout: string; stderr: string };
    return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function file(name: string, content: string): string {
  const target = path.join(root, name);
  writeFileSync(target, content);
  return target;
}

describe('npm run verify-report', () => {
  it('prints the valid line and exits 0, for a bare JWS and for a JSON object with a jws field', () => {
    const line = `valid: report rep-cli-1 signed with key ${signed.kid}, sha256 ${signed.payloadSha256}\n`;
    expect(verifyReport([file('report.jws', `\n  ${signed.jws}\n`), '--jwks', jwksFile])).toMatchObject({ status: 0, stdout: line });
    expect(verifyReport([file('report.json', JSON.stringify({ id: 'rep-cli-1', jws: signed.jws }))], { REPORT_KEYS_DIR: keysDir })).toMatchObject({ status: 0, stdout: line });
  });

  it('exits 1 with the failed check for a tampered report', () => {
    const [h, p, s] = signed.jws.split('.');
    const payload = Buffer.from(p ?? '', 'base64url').toString('utf8').replace('rep-cli-1', 'rep-cli-2');
    const tampered = file('tampered.jws', `${h}.${Buffer.from(payload).toString('base64url')}.${s}\n`);
    const run = verifyReport([tampered, '--jwks', jwksFile]);
    expect(run).toMatchObject({ status: 1, stdout: `invalid: SIGNATURE: the signature does not match the header and payload under key "${signed.kid}"\n` });
    expect(verifyReport([file('garbage.jws', 'hello')], { REPORT_KEYS_DIR: keysDir })).toMatchObject({ status: 1, stdout: 'invalid: MALFORMED: a compact JWS has 3 dot-separated parts, this has 1\n' });
  });

  it('exits 2 naming the file or flag at fault, printing nothing on stdout', () => {
    const missing = path.join(root, 'missing.jws');
    expect(verifyReport([missing, '--jwks', jwksFile])).toEqual({ status: 2, stdout: '', stderr: `verify-report: ${missing}: no such file\n` });
    const report = file('ok.jws', signed.jws);
    const noJwks = path.join(root, 'nope.json');
    expect(verifyReport([report, '--jwks', noJwks])).toEqual({ status: 2, stdout: '', stderr: `verify-report: --jwks ${noJwks}: no such file\n` });
    expect(verifyReport([report, '--jwks', file('bad-jwks.json', '{"keys": 1}')])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('bad-jwks.json: not a JWKS') });
    const defaultJwks = path.join(root, 'no-such-keys', 'jwks.json');
    expect(verifyReport([report])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining(`JWKS file ${defaultJwks}`) });
    expect(verifyReport([report, '--jwks', jwksFile, '--bogus'])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining("'--bogus'") });
    expect(verifyReport(['--jwks', jwksFile])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('expected one FILE, got 0') });
  });
});

describe('rotate-report-key CLI', () => {
  it('prints the new active key id, and reports signed before still verify with the new jwks.json', async () => {
    const dir = path.join(root, 'rotated-keys');
    const before = await openReportKeyRing(dir);
    const signed = await before.sign({ id: 'r-1' });
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/signing/rotate-report-key-cli.ts', '--dir', dir], { cwd: repo, encoding: 'utf8' });
    const kid = out.trim();
    expect(kid).not.toBe(before.activeKid);
    const after = await openReportKeyRing(dir);
    expect(after.activeKid).toBe(kid);
    expect(await verifyReportJws(signed.jws, after.jwks())).toMatchObject({ valid: true, kid: before.activeKid });
  });
});
