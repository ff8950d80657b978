import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/db/index.js';

const databaseUrl = `postgres://postgres@127.0.0.1:5432/hub_test_main_${randomBytes(4).toString('hex')}`;
afterAll(() => dropDatabase(databaseUrl));

describe('the hub process (npm start)', () => {
  it('starts, then stops cleanly with exit code 0 on SIGTERM', async () => {
    const keys = mkdtempSync(join(tmpdir(), 'hub-main-keys-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/hub.ts'], {
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: '0', SANDBOX_PORT: '0', SANDBOX_HOUSEHOLDS: '200', LOG_LEVEL: 'debug', AUTH_DEV_KEYS_DIR: keys, REPORT_KEYS_DIR: join(keys, 'reports'), QUEUE_PREFIX: `test-main-${process.pid}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        lines.push(line);
        if (line.includes('verification hub ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before ready: ${lines.join('\n')}`)));
    });
    child.kill('SIGTERM');
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000));
    const result = await Promise.race([exited, timeout]);
    if (result === 'hung') child.kill('SIGKILL');
    expect(result).toBe(0);
    expect(lines.some((l) => l.includes('"stopped":"database pool"'))).toBe(true);
  });
});
