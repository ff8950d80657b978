import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { errors, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenVerifier,
  DEV_AUDIENCE,
  DEV_ISSUER,
  ensureDevKeys,
  signDevToken,
  type AuthOptions,
  type DevKeys,
  type TokenVerifier,
} from '../../src/auth/index.js';
import { ConfigError } from '../../src/config.js';
import { HubError } from '../../src/errors/index.js';

const OTHER_ISSUER = 'https://idp.example.gov.cn/realms/civil-affairs';
const claims = { sub: 'alice', org: '370102', roles: ['verifier'], ttlSeconds: 600 };

let dir: string;
let keys: DevKeys;
let verifier: TokenVerifier;
let options: AuthOptions;

/** The refusal a promise ends with, as code + message, so each test pins down the exact reason. */
async function refusal(promise: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  const err = await promise.then(
    () => new Error('expected a refusal, got a caller'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HubError);
  return { code: (err as HubError).extensions.code, message: (err as HubError).message };
}

const refused = (message: string) => ({ code: 'UNAUTHENTICATED', message });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with `key` whose header and claims the test chooses freely. */
function sign(key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

function validPayload(extra: JWTPayload = {}): JWTPayload {
  return { iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: 'alice', org: '370102', roles: ['verifier'], exp: now() + 600, ...extra };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'auth-verifier-'));
  keys = await ensureDevKeys(dir);
  options = { issuers: [{ issuer: DEV_ISSUER, jwks: { file: keys.jwksPath } }], audience: DEV_AUDIENCE, algorithms: ['ES256'], clockToleranceSec: 30 };
  verifier = createTokenVerifier(options);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('token verifier', () => {
  it('accepts a valid dev token and returns who is calling', async () => {
    const token = await signDevToken(keys, { ...claims, roles: ['verifier', 'auditor'] });
    const caller = await verifier.verify(`Bearer ${token}`);
    expect(caller).toEqual({ sub: 'alice', org: '370102', roles: ['verifier', 'auditor'], issuer: DEV_ISSUER, tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('accepts the Bearer scheme in any letter case', async () => {
    const token = await signDevToken(keys, claims);
    expect((await verifier.verify(`bearer ${token}`)).sub).toBe('alice');
  });

  it('refuses a missing or garbled Authorization header', async () => {
    expect(await refusal(verifier.verify(undefined))).toEqual(refused('missing Authorization header'));
    expect(await refusal(verifier.verify(''))).toEqual(refused('missing Authorization header'));
    expect(await refusal(verifier.verify('Basic YWxpY2U6c2VjcmV0'))).toEqual(refused('Authorization header is not a Bearer token'));
    expect(await refusal(verifier.verify('Bearer a b'))).toEqual(refused('Authorization header is not a Bearer token'));
    expect(await refusal(verifier.verify('Bearer not-a-jwt'))).toEqual(refused('malformed token'));
    expect(await refusal(verifier.verify('Bearer e30.%%%.abc'))).toEqual(refused('malformed token'));
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validPayload())}.`;
    expect(await refusal(verifier.verify(`Bearer ${token}`))).toEqual(refused('token signing algorithm not allowed'));
  });

  it('refuses an HS256 token, even one signed with the public key as the secret', async () => {
    const publicJwks = new TextEncoder().encode(readFileSync(keys.jwksPath, 'utf8'));
    const token = await sign(publicJwks, { alg: 'HS256', kid: keys.kid }, validPayload());
    expect(await refusal(verifier.verify(`Bearer ${token}`))).toEqual(refused('token signing algorithm not allowed'));
  });

  it('refuses an algorithm that is asymmetric but not on the allow-list', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    const token = await sign(privateKey, { alg: 'ES384', kid: keys.kid }, validPayload());
    expect(await refusal(verifier.verify(`Bearer ${token}`))).toEqual(refused('token signing algorithm not allowed'));
  });

  it('refuses an expired token', async () => {
    const token = await signDevToken(keys, { ...claims, ttlSeconds: -3600 });
    expect(await refusal(verifier.verify(`Bearer ${token}`))).toEqual(refused('token expired'));
  });

  it('accepts a token expired by less than the clock tolerance and refuses one beyond it', async () => {
    const justExpired = await signDevToken(keys, { ...claims, ttlSeconds: -10 });
    expect((await verifier.verify(`Bearer ${justExpired}`)).sub).toBe('alice');
    const beyond = await signDevToken(keys, { ...claims, ttlSeconds: -45 });
    expect(await refusal(verifier.verify(`Bearer ${beyond}`))).toEqual(refused('token expired'));
  });

  it('accepts a token it verified before only until it expires', async () => {
    const strict = createTokenVerifier({ ...options, clockToleranceSec: 0 });
    const token = await signDevToken(keys, { ...claims, ttlSeconds: 2 });
    expect((await strict.verify(`Bearer ${token}`)).sub).toBe('alice');
    expect((await strict.verify(`Bearer ${token}`)).sub).toBe('alice');
    await new Promise((r) => setTimeout(r, 2100));
    expect(await refusal(strict.verify(`Bearer ${token}`))).toEqual(refused('token expired'));
  });

  it('refuses a copy of a verified token with its signature changed, and hands each caller its own object', async () => {
    const token = await signDevToken(keys, claims);
    const first = await verifier.verify(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await refusal(verifier.verify(`Bearer ${header}.${payload}.${flipped}`))).toEqual(refused('token signature invalid'));
    const second = await verifier.verify(`Bearer ${token}`);
    expect(second).toEqual(first);
    (first.roles as string[]).push('auditor');
    expect(second.roles).toEqual(['verifier']);
  });

  it('refuses a token whose nbf lies beyond the clock tolerance', async () => {
    const later = await signDevToken(keys, { ...claims, notBefore: now() + 300 });
    expect(await refusal(verifier.verify(`Bearer ${later}`))).toEqual(refused('token not yet valid'));
    const withinSkew = await signDevToken(keys, { ...claims, notBefore: now() + 10 });
    expect((await verifier.verify(`Bearer ${withinSkew}`)).sub).toBe('alice');
  });

  it('refuses a token for another audience', async () => {
    const token = await signDevToken(keys, { ...claims, audience: 'some-other-api' });
    expect(await refusal(verifier.verify(`Bearer ${token}`))).toEqual(refused('token has the wrong audience'));
  });

  it('refuses a token from an issuer it does not trust, or with no issuer', async () => {
    const stranger = await sign(keys.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload({ iss: 'https://evil.example' }));
    expect(await refusal(verifier.verify(`Bearer ${stranger}`))).toEqual(refused('unknown token issuer'));
    const anonymous = await sign(keys.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload({ iss: undefined }));
    expect(await refusal(verifier.verify(`Bearer ${anonymous}`))).toEqual(refused('unknown token issuer'));
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await signDevToken(keys, claims)).split('.');
    const forged = b64(validPayload({ roles: ['admin'] }));
    expect(await refusal(verifier.verify(`Bearer ${header}.${forged}.${signature}`))).toEqual(refused('token signature invalid'));
  });

  it('refuses a token whose key id is not in the key set', async () => {
    const token = await sign(keys.privateKey, { alg: 'ES256', kid: 'retired-key' }, validPayload());
    expect(await refusal(verifier.verify(`Bearer ${token}`))).toEqual(refused('token signing key not found'));
  });

  it('refuses a token without sub or exp', async () => {
    const noSub = await sign(keys.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload({ sub: undefined }));
    expect(await refusal(verifier.verify(`Bearer ${noSub}`))).toEqual(refused('token lacks the "sub" claim'));
    const noExp = await sign(keys.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload({ exp: undefined }));
    expect(await refusal(verifier.verify(`Bearer ${noExp}`))).toEqual(refused('token lacks the "exp" claim'));
  });

  it('refuses unknown or missing roles instead of dropping them', async () => {
    const unknown = await signDevToken(keys, { ...claims, roles: ['verifier', 'superuser'] });
    expect(await refusal(verifier.verify(`Bearer ${unknown}`))).toEqual(
      refused('token claim "roles" has unknown role(s) (known: verifier, assistance-system, auditor, admin, platform-admin, queue-operator, reviewer)'),
    );
    const none = await signDevToken(keys, { ...claims, roles: [] });
    expect(await refusal(verifier.verify(`Bearer ${none}`))).toEqual(refused('token claim "roles" must be a non-empty array'));
    const notArray = await sign(keys.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload({ roles: 'admin' }));
    expect(await refusal(verifier.verify(`Bearer ${notArray}`))).toEqual(refused('token claim "roles" must be a non-empty array'));
  });

  it('refuses an org that is not a known region code', async () => {
    const unknownRegion = await signDevToken(keys, { ...claims, org: '999999' });
    expect(await refusal(verifier.verify(`Bearer ${unknownRegion}`))).toEqual(refused('token claim "org" must be a known region code'));
    const noOrg = await sign(keys.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload({ org: undefined }));
    expect(await refusal(verifier.verify(`Bearer ${noOrg}`))).toEqual(refused('token claim "org" must be a known region code'));
  });

  it('trusts two issuers, each only with its own keys', async () => {
    const other = await generateKeyPair('Ed25519');
    const otherJwks = path.join(dir, 'other-jwks.json');
    writeFileSync(otherJwks, JSON.stringify({ keys: [{ ...(await exportJWK(other.publicKey)), kid: 'other-1', alg: 'EdDSA' }] }));
    const both = createTokenVerifier({
      ...options,
      algorithms: ['ES256', 'EdDSA'],
      issuers: [...options.issuers, { issuer: OTHER_ISSUER, jwks: { file: otherJwks } }],
    });

    const fromOther = await sign(other.privateKey, { alg: 'EdDSA', kid: 'other-1' }, validPayload({ iss: OTHER_ISSUER, sub: 'bob' }));
    expect(await both.verify(`Bearer ${fromOther}`)).toMatchObject({ sub: 'bob', issuer: OTHER_ISSUER, tokenId: null });
    expect((await both.verify(`Bearer ${await signDevToken(keys, claims)}`)).issuer).toBe(DEV_ISSUER);

    const otherKeyAsDev = await sign(other.privateKey, { alg: 'EdDSA', kid: 'other-1' }, validPayload({ iss: DEV_ISSUER }));
    expect(await refusal(both.verify(`Bearer ${otherKeyAsDev}`))).toEqual(refused('token signing key not found'));
    const devKeyAsOther = await sign(keys.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload({ iss: OTHER_ISSUER }));
    expect(await refusal(both.verify(`Bearer ${devKeyAsOther}`))).toEqual(refused('token signing key not found'));
  });

  it('refuses a token signed by another key that claims the trusted key id', async () => {
    const impostor = await generateKeyPair('ES256');
    const token = await sign(impostor.privateKey, { alg: 'ES256', kid: keys.kid }, validPayload());
    expect(await refusal(verifier.verify(`Bearer ${token}`))).toEqual(refused('token signature invalid'));
  });
});

describe('remote key set', () => {
  let server: Server;
  let requests = 0;
  let failing = false;
  let baseUrl: string;

  beforeAll(async () => {
    const jwks = readFileSync(keys.jwksPath, 'utf8');
    server = createServer((req, res) => {
      requests += 1;
      if (failing || req.url !== '/jwks.json') return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the JWKS over HTTP once and reuses it', async () => {
    const remote = createTokenVerifier({ ...options, issuers: [{ issuer: DEV_ISSUER, jwks: { url: `${baseUrl}/jwks.json` } }] });
    const before = requests;
    expect((await remote.verify(`Bearer ${await signDevToken(keys, claims)}`)).sub).toBe('alice');
    expect((await remote.verify(`Bearer ${await signDevToken(keys, { ...claims, sub: 'carol' })}`)).sub).toBe('carol');
    expect(requests - before).toBe(1);
  });

  it('reports an unreachable key set as its own failure, not as the caller being unauthenticated', async () => {
    failing = true;
    const remote = createTokenVerifier({ ...options, issuers: [{ issuer: DEV_ISSUER, jwks: { url: `${baseUrl}/jwks.json` } }] });
    const err = await remote.verify(`Bearer ${await signDevToken(keys, claims)}`).then(
      () => undefined,
      (e: unknown) => e,
    );
    failing = false;
    expect(err).toBeInstanceOf(errors.JOSEError);
    expect(err).not.toBeInstanceOf(HubError);
  });
});

describe('createTokenVerifier', () => {
  it('refuses symmetric, none or unknown algorithms in its allow-list', () => {
    for (const alg of ['HS256', 'none', 'ES256K']) {
      expect(() => createTokenVerifier({ ...options, algorithms: ['ES256', alg] })).toThrow(
        new ConfigError([`algorithm "${alg}": not an asymmetric JWS algorithm (allowed: ES256, ES384, ES512, EdDSA, Ed25519, RS256, RS384, RS512, PS256, PS384, PS512)`]),
      );
    }
  });

  it('names the path of a missing or invalid JWKS file', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => createTokenVerifier({ ...options, issuers: [{ issuer: DEV_ISSUER, jwks: { file: missing } }] })).toThrow(
      `JWKS file ${JSON.stringify(missing)} of issuer "${DEV_ISSUER}": ENOENT`,
    );
    const invalid = path.join(dir, 'invalid.json');
    writeFileSync(invalid, '{"keys": 1}');
    expect(() => createTokenVerifier({ ...options, issuers: [{ issuer: DEV_ISSUER, jwks: { file: invalid } }] })).toThrow(
      `JWKS file ${JSON.stringify(invalid)} of issuer "${DEV_ISSUER}": JSON Web Key Set malformed`,
    );
  });

  it('requires at least one issuer and no issuer twice', () => {
    expect(() => createTokenVerifier({ ...options, issuers: [] })).toThrow('issuers: at least one is required');
    expect(() => createTokenVerifier({ ...options, issuers: [...options.issuers, ...options.issuers] })).toThrow('issuers: an issuer is listed twice');
  });
});
