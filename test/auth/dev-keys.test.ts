import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenVerifier, DEV_AUDIENCE, DEV_ISSUER, devKeysDir, ensureDevKeys, signDevToken } from '../../src/auth/index.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'auth-dev-keys-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const claims = { sub: 'alice', org: '370102', roles: ['auditor'], ttlSeconds: 120 };

function verifierFor(jwksPath: string) {
  return createTokenVerifier({ issuers: [{ issuer: DEV_ISSUER, jwks: { file: jwksPath } }], audience: DEV_AUDIENCE, algorithms: ['ES256'], clockToleranceSec: 0 });
}

describe('dev keys', () => {
  it('creates the directory, a private JWK readable by the owner only and a JWKS whose kid is the RFC 7638 thumbprint', async () => {
    const dir = path.join(root, 'nested', 'dev-keys');
    const keys = await ensureDevKeys(dir);
    expect(keys.jwksPath).toBe(path.join(dir, 'jwks.json'));
    expect(keys.issuer).toBe(DEV_ISSUER);
    expect(statSync(path.join(dir, 'private.jwk.json')).mode & 0o777).toBe(0o600);
    const { keys: published } = JSON.parse(readFileSync(keys.jwksPath, 'utf8')) as { keys: Record<string, string>[] };
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: keys.kid, alg: 'ES256', use: 'sig' });
    expect(published[0]).not.toHaveProperty('d');
    const { kty, crv, x, y } = published[0] ?? {};
    expect(await calculateJwkThumbprint({ kty, crv, x, y })).toBe(keys.kid);
  });

  it('reuses the existing key pair, so tokens survive a restart', async () => {
    const first = await ensureDevKeys(root);
    const token = await signDevToken(first, claims);
    const again = await ensureDevKeys(root);
    expect(again.kid).toBe(first.kid);
    expect((await verifierFor(again.jwksPath).verify(`Bearer ${token}`)).roles).toEqual(['auditor']);
  });

  it('gives concurrent callers on an empty directory one and the same key pair', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => ensureDevKeys(root)));
    expect(new Set(all.map((k) => k.kid)).size).toBe(1);
    const token = await signDevToken(all[3]!, claims);
    expect((await verifierFor(all[5]!.jwksPath).verify(`Bearer ${token}`)).sub).toBe('alice');
  });

  it('rewrites a JWKS that no longer matches the private key', async () => {
    const keys = await ensureDevKeys(root);
    writeFileSync(keys.jwksPath, '{"keys": []}');
    await ensureDevKeys(root);
    expect(readFileSync(keys.jwksPath, 'utf8')).toContain(keys.kid);
  });

  it('refuses a damaged private key file, naming it, rather than replacing the key', async () => {
    const file = path.join(root, 'private.jwk.json');
    writeFileSync(file, '{"kty":"oct","k":"c2VjcmV0"}');
    await expect(ensureDevKeys(root)).rejects.toThrow(`${file} is not an ES256 private JWK; delete it to create a new dev key pair`);
    expect(readFileSync(file, 'utf8')).toBe('{"kty":"oct","k":"c2VjcmV0"}');
  });

  it('signs tokens with kid, typ, iat, exp, jti, nbf and audience as asked', async () => {
    const keys = await ensureDevKeys(root);
    const token = await signDevToken(keys, { ...claims, audience: 'elsewhere', notBefore: 2_000_000_000 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: keys.kid, typ: 'JWT' });
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({ iss: DEV_ISSUER, sub: 'alice', aud: 'elsewhere', org: '370102', roles: ['auditor'], nbf: 2_000_000_000 });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps keys under AUTH_DEV_KEYS_DIR, else .data/dev-keys of the working directory', () => {
    expect(devKeysDir({ AUTH_DEV_KEYS_DIR: root })).toBe(root);
    expect(devKeysDir({})).toBe(path.resolve('.data/dev-keys'));
  });
});
