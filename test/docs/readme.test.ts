import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';

/**
 * The README's walk-through, run as written (issue 17, item 3): every ```sh block from "Quick
 * start" to "Configuration", in order, in one bash session (as a reader types them into one
 * terminal: TOKEN, REPORT... carry over), against a hub started here on free ports with its own
 * database, Redis prefix and keys. Only what cannot run inside a test is left out, by rule:
 * - lines starting a process or the suite (`npm ci`, `npm start`, `npm test`, `npm run worker`,
 *   `npx vitest`): the hub is already started, with the sandbox fixtures the README starts it with;
 * - a block the README marks `<!-- readme-test: skip (why) -->` (it needs data of its own).
 * Ports, /tmp and the key directories are rewritten to this test's. A block fails the test when
 * it exits non-zero (bash -e, pipefail) or prints a GraphQL error.
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
const NOT_IN_A_TEST = /^\s*(?:[A-Z_]+=\S+\s+)*(?:npm ci|npm start|npm test|npm run worker|npx vitest)\b/;

interface Block {
  line: number;
  code: string;
}

/** The sh blocks of the walk-through, with the README line each starts on. */
function walkThrough(readme: string): Block[] {
  const lines = readme.split('\n');
  const from = lines.findIndex((l) => l.startsWith('## Quick start'));
  const to = lines.findIndex((l) => l.startsWith('## Configuration'));
  const blocks: Block[] = [];
  for (let i = from; i < to; i += 1) {
    if (lines[i] !== '```sh') continue;
    const end = lines.indexOf('```', i + 1);
    const skipped = /^<!-- readme-test: skip/.test(lines[i - 1] ?? '');
    const code = lines.slice(i + 1, end).filter((l) => !NOT_IN_A_TEST.test(l)).join('\n');
    if (!skipped && code.trim() !== '') blocks.push({ line: i + 2, code });
    i = end;
  }
  return blocks;
}

let t: TestHub;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'readme-'));
  // As the README starts it for the programmes section; checkpoints every second for verify-audit.
  t = await startTestHub({ SANDBOX_FIXTURES: 'connectors/sandbox/fixtures/programmes.json', AUDIT_CHECKPOINT_INTERVAL_S: '1', WORKER: 'on', SANDBOX_BANK_DELAY_MS: '200' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('README', () => {
  it('walk-through runs as written against a started hub', async () => {
    const blocks = walkThrough(readFileSync(join(repo, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const hub = new URL(t.url).host;
    const sandbox = new URL(t.hub.sandbox!.url).host;
    const keys = t.env.REPORT_KEYS_DIR!;
    const localise = (code: string) =>
      // /tmp first: the test's own directories are under it too.
      code
        .replaceAll('/tmp/', `${work}/`)
        .replaceAll('127.0.0.1:4000', hub)
        .replaceAll('127.0.0.1:4010', sandbox)
        .replaceAll('.data/report-keys', keys);
    // Each block announces itself on stderr, so a failure names the README line it came from.
    const script = ['set -euo pipefail', ...blocks.map((b) => `echo "README line ${b.line}" >&2\n${localise(b.code)}`)].join('\n');
    // The CLIs' default hub (127.0.0.1:4000, not written in the README) comes from HUB_URL.
    const env = { ...process.env, ...t.env, HUB_URL: `http://${hub}`, TOKEN: '', HUB_TOKEN: '', AUDITOR: '' };
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', script], { cwd: repo, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const failedAt = run.stderr.match(/README line \d+/g)?.at(-1);
    expect(run.code, `${failedAt}:\n${run.stderr.slice(-3000)}`).toBe(0);
    expect(run.stdout).not.toMatch(/"errors":\s*\[/);
    // What the walk-through shows, as it says it does.
    expect(run.stdout).toMatch(/valid: report \S+ signed with key/);
    expect(run.stdout).toMatch(/intact: /);
    expect(run.stdout).toMatch(/FIX-DIBAO-1: 核对完成/);
    expect(run.stdout).toMatch(/"status":"DONE"/);
  }, 180_000);
});
