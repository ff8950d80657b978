import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-help-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every command a package.json script runs (issue 17, item 7), with the script that runs it. */
const COMMANDS: [script: string, file: string][] = [
  ['start', 'src/bin/hub.ts'],
  ['worker', 'src/bin/worker.ts'],
  ['migrate', 'src/bin/migrate.ts'],
  ['purge', 'src/bin/purge.ts'],
  ['rotate-data-key', 'src/bin/rotate-data-key.ts'],
  ['consent-form', 'src/bin/consent-form.ts'],
  ['verify-audit', 'src/bin/verify-audit.ts'],
  ['audit-retention', 'src/bin/audit-retention.ts'],
  ['batch', 'src/bin/batch.ts'],
  ['consents', 'src/bin/consents.ts'],
  ['token', 'src/auth/token-cli.ts'],
  ['verify-report', 'src/signing/verify-report-cli.ts'],
  ['rotate-report-key', 'src/signing/rotate-report-key-cli.ts'],
  ['trusted-operations', 'src/trusted-operations/trusted-operations-cli.ts'],
];

/** Runs a command as its npm script does (tsx), with nothing reachable: no hub, database or Redis is needed for these answers. */
function run(file: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: repo,
    env: { ...process.env, HUB_TOKEN: '', DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none', REDIS_URL: 'redis://127.0.0.1:9', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('every command explains itself', () => {
  it('lists every tsx entry point of package.json here', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const entryPoints = Object.entries(scripts)
      // `npm start` and `npm run worker` preload the tracing start (src/tracing/preload.ts) before their entry point.
      .map(([name, cmd]): [string, string] => [name, cmd.replace(/^tsx (--import \S+ )?/, 'tsx ')])
      .filter(([name, cmd]) => /^tsx src\//.test(cmd) && !name.startsWith('bench'))
      .map(([name, cmd]) => [name, cmd.replace(/^tsx /, '')]);
    expect(entryPoints.sort()).toEqual([...COMMANDS].sort());
  });

  it.each(COMMANDS)('npm run %s -- --help prints usage and examples on stdout and exits 0', (_script, file) => {
    const r = run(file, ['--help']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: /);
    expect(r.stdout).toMatch(/\nexamples?:/);
  }, 60_000);

  it('answers -h too, even on an otherwise broken command line', () => {
    expect(run('src/bin/batch.ts', ['submit', '--bogus', '-h'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: npm run -s batch -- submit FILE/) });
  });

  it('refuses an unknown option with exit 2 and one line naming it and pointing to --help', () => {
    for (const [, file] of COMMANDS.filter(([s]) => s !== 'start' && s !== 'worker')) {
      const r = run(file, ['--bogus']);
      expect({ file, status: r.status, stdout: r.stdout }).toEqual({ file, status: 2, stdout: '' });
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/'--bogus'.*--help/);
    }
    for (const file of ['src/bin/hub.ts', 'src/bin/worker.ts']) {
      expect(run(file, ['--port', '4300'])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('"--port": unexpected argument; configure it with environment variables') });
    }
  }, 120_000);

  it('exits non-zero with the reason when the work fails', () => {
    const migrate = run('src/bin/migrate.ts', []);
    expect(migrate.status).toBe(1);
    expect(migrate.stderr).toMatch(/^migrate: .*127\.0\.0\.1:9/);
  });

  it('reads the batch token from --token-file or HUB_TOKEN, and warns when it is on the command line', async () => {
    // A stand-in hub that records the bearer token each upload brings and refuses it.
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      req.resume();
      req.on('end', () => res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHENTICATED","message":"no"}}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const file = path.join(dir, 'one.jsonl');
    writeFileSync(file, '{}\n');
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, 'from-file\n');
    const base = ['submit', file, '--purpose', 'PERIODIC_REVIEW', '--hub', hub];
    /** Asynchronous: the stand-in hub answers from this process. */
    const batch = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'src/bin/batch.ts', ...args], { cwd: repo, env: { ...process.env, HUB_TOKEN: '', ...env } }, (err, _stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stderr }),
        );
      });
    try {
      expect(await batch([...base, '--token-file', tokenFile])).toEqual({ code: 1, stderr: 'batch: UNAUTHENTICATED: no\n' });
      expect(await batch(base, { HUB_TOKEN: 'from-env' })).toEqual({ code: 1, stderr: 'batch: UNAUTHENTICATED: no\n' });
      const inline = await batch([...base, '--token', 'on-the-line']);
      expect(inline.stderr).toBe('batch: warning: --token on the command line is visible to every user of this machine (ps); set HUB_TOKEN or use --token-file FILE\nbatch: UNAUTHENTICATED: no\n');
      expect(seen).toEqual(['Bearer from-file', 'Bearer from-env', 'Bearer on-the-line']);
      expect(await batch([...base, '--token-file', path.join(dir, 'none')])).toEqual({ code: 2, stderr: `batch: --token-file ${path.join(dir, 'none')}: no such file\n` });
      expect(await batch(base)).toMatchObject({ code: 2, stderr: expect.stringContaining('set HUB_TOKEN or pass --token-file FILE') });
    } finally {
      server.close();
    }
  }, 60_000);
});
