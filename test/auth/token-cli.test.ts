import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, DEV_AUDIENCE, DEV_ISSUER } from '../../src/auth/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let keysDir: string;

beforeAll(() => {
  keysDir = mkdtempSync(path.join(os.tmpdir(), 'auth-cli-'));
});
afterAll(() => rmSync(keysDir, { recursive: true, force: true }));

/** Runs the CLI as `npm run token` does (tsx), with its keys in a temporary directory. */
function token(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'src/auth/token-cli.ts'), ...args], {
    cwd: repo,
    env: { ...process.env, AUTH_DEV_KEYS_DIR: keysDir },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run token', () => {
  it('prints exactly one line: a token the hub accepts', async () => {
    const { status, stdout, stderr } = token('--role', 'verifier', '--role', 'auditor', '--org', '370102', '--sub', 'alice', '--ttl', '30m');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const jwt = stdout.trim();
    const verifier = createTokenVerifier({
      issuers: [{ issuer: DEV_ISSUER, jwks: { file: path.join(keysDir, 'jwks.json') } }],
      audience: DEV_AUDIENCE,
      algorithms: ['ES256'],
      clockToleranceSec: 0,
    });
    expect(await verifier.verify(`Bearer ${jwt}`)).toMatchObject({ sub: 'alice', org: '370102', roles: ['verifier', 'auditor'] });
    const { exp = 0, iat = 0 } = decodeJwt(jwt);
    expect(exp - iat).toBe(1800);
  });

  it('defaults the subject to dev-<role> and the lifetime to one hour', () => {
    const claims = decodeJwt(token('--role', 'admin', '--org', '370000').stdout.trim());
    expect(claims.sub).toBe('dev-admin');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  it('exits 2 naming the flag at fault, printing nothing on stdout', () => {
    const cases: [string[], string][] = [
      [['--role', 'verifier', '--org', '999999'], 'token: --org "999999": not a known region code\n'],
      [['--role', 'verifier'], 'token: --org: required, the 6-digit region code of the caller organisation\n'],
      [['--role', 'root', '--org', '370102'], 'token: --role "root": unknown role (known: verifier, assistance-system, auditor, admin, platform-admin, queue-operator, reviewer)\n'],
      [['--org', '370102'], 'token: --role: required, one or more of verifier, assistance-system, auditor, admin, platform-admin, queue-operator, reviewer\n'],
      [['--role', 'verifier', '--org', '370102', '--ttl', '25h'], 'token: --ttl "25h": use 3600, 3600s, 30m or 1h; at most 24h\n'],
    ];
    for (const [args, message] of cases) expect(token(...args)).toEqual({ status: 2, stdout: '', stderr: message });
    expect(token('--role', 'verifier', '--org', '370102', '--bogus')).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining("'--bogus'") });
  });
});
