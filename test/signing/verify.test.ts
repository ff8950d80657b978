import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base64url, CompactSign, decodeProtectedHeader, importJWK, type CompactJWSHeaderParameters, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/canonical/index.js';
import { reportHash, type ReportBody } from '../../src/reports/index.js';
import { openReportKeyRing, REPORT_JWS_TYP, verifyReportJws, type ReportKeyRing } from '../../src/signing/index.js';

/**
 * A report in the shape the hub stores, with keys deliberately out of canonical order. Partial:
 * ReportBody is still growing, and signing depends on no particular field.
 */
const body = {
  version: 1,
  id: 'rep-7f3a',
  requestId: 'req-0001',
  createdAt: '2026-11-23T08:00:00.000Z',
  completedAt: '2026-11-23T08:00:02.500Z',
  status: 'COMPLETE',
  requester: { sub: 'alice', org: '370102', roles: ['verifier'] },
  purpose: 'NEW_APPLICATION',
  applicationRef: 'APP-2026-000123',
  catalogVersion: 3,
  household: { id: 'hh-1', regionCode: '370102', externalRef: 'EXT-9', declaredAssets: { deposits: 5000, vehicles: 0, properties: null, businesses: 0 } },
  members: [
    {
      personId: 'p-1',
      idNumber: '370102199001011234',
      name: '张三',
      relation: 'SELF',
      birthDate: '1990-01-01',
      sex: 'MALE',
      declaredMonthlyIncome: 2100,
      records: { tax: { found: true, asOf: '2026-10-31', values: { MONTHLY_WAGE: 3150.5, EMPLOYER: 'Acme "Ltd"\n' } }, vehicles: { found: false } },
    },
  ],
  consents: { 'p-1': 'consent-1' },
  sources: [{ source: 'tax', status: 'OK', latencyMs: 42, attributes: ['MONTHLY_WAGE', 'EMPLOYER'], tickets: [], error: null, answeredAt: '2026-11-23T08:00:01.000Z' }],
  supporters: [],
  discrepancies: [{ kind: 'INCOME_ABOVE_DECLARED', severity: 'MEDIUM', personId: 'p-1', declared: 2100, verified: 3150.5, attributes: ['MONTHLY_WAGE'] }],
  assessment: null,
} satisfies Partial<ReportBody>;
/** reportHash hashes canonicalJson(body) whatever the fields; the cast only bridges the Partial. */
const hashOf = (report: Partial<ReportBody>): string => reportHash(report as ReportBody);

let root: string;
let ring: ReportKeyRing;
let jwks: JSONWebKeySet;
let jws: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'report-verify-'));
  ring = await openReportKeyRing(path.join(root, 'ring'));
  jwks = ring.jwks();
  jws = (await ring.sign(body)).jws;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function parts(token: string): [string, string, string] {
  const [h = '', p = '', s = ''] = token.split('.');
  return [h, p, s];
}

/** Signs `payload` with the ring's private key through jose directly, bypassing ring.sign. */
async function signDirectly(payload: Uint8Array | string, header: Partial<CompactJWSHeaderParameters> = {}): Promise<string> {
  const file = path.join(root, 'ring', 'keys', `${ring.activeKid}.private.jwk.json`);
  const key = await importJWK(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>, 'ES256');
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return new CompactSign(bytes).setProtectedHeader({ alg: 'ES256', kid: ring.activeKid, typ: REPORT_JWS_TYP, cty: 'application/json', ...header }).sign(key);
}

function encodeHeader(header: Record<string, unknown>): string {
  return base64url.encode(JSON.stringify(header));
}

describe('signing', () => {
  it('signs the canonical JSON bytes under the report header; the hash is reportHash', async () => {
    const signed = await ring.sign(body);
    expect(signed.kid).toBe(ring.activeKid);
    expect(decodeProtectedHeader(signed.jws)).toEqual({ alg: 'ES256', kid: ring.activeKid, typ: 'verification-report+jws', cty: 'application/json' });
    const payload = Buffer.from(parts(signed.jws)[1], 'base64url').toString('utf8');
    expect(payload).toBe(canonicalJson(body));
    // Plain JSON.stringify keeps insertion order: the signed bytes are not that.
    expect(payload).not.toBe(JSON.stringify(body));
    expect(signed.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.payloadSha256).toBe(hashOf(body));
  });

  it('verifies: valid, with the kid, the payload as a value and the same hash', async () => {
    const result = await verifyReportJws(jws, jwks);
    expect(result).toEqual({ valid: true, kid: ring.activeKid, payload: JSON.parse(JSON.stringify(body)) as unknown, payloadSha256: hashOf(body) });
  });

  it('gives the same JWS detached (header..signature), which verifies once its payload is put back', async () => {
    const signed = await ring.sign(body);
    const [header, , signature] = parts(signed.jws);
    expect(signed.detachedJws).toBe(`${header}..${signature}`);
    const [h, , s] = signed.detachedJws.split('.');
    const rebuilt = `${h}.${signed.payload.toString('base64url')}.${s}`;
    expect(await verifyReportJws(rebuilt, jwks)).toMatchObject({ valid: true, payloadSha256: hashOf(body) });
  });

  it('refuses values canonical JSON cannot hold', async () => {
    await expect(ring.sign({ n: Number.NaN })).rejects.toThrow(TypeError);
  });
});

describe('tampering', () => {
  it('one character changed in the payload (decoded, edited, re-encoded): SIGNATURE', async () => {
    const [h, p, s] = parts(jws);
    const text = Buffer.from(p, 'base64url').toString('utf8');
    const at = text.indexOf('"declaredMonthlyIncome":2100') + '"declaredMonthlyIncome":'.length;
    expect(text[at]).toBe('2');
    const edited = `${text.slice(0, at)}9${text.slice(at + 1)}`;
    expect(edited.length).toBe(text.length);
    const result = await verifyReportJws(`${h}.${base64url.encode(edited)}.${s}`, jwks);
    expect(result).toMatchObject({ valid: false, check: 'SIGNATURE' });
  });

  it('any single byte of the payload flipped: SIGNATURE, at every position', async () => {
    const [h, p, s] = parts(jws);
    const bytes = Buffer.from(p, 'base64url');
    const checks = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i] = (flipped[i] ?? 0) ^ 0x01;
      const result = await verifyReportJws(`${h}.${flipped.toString('base64url')}.${s}`, jwks);
      checks.add(result.valid ? 'VALID' : result.check);
    }
    expect(bytes.length).toBeGreaterThan(500);
    expect([...checks]).toEqual(['SIGNATURE']);
  });

  it('any single byte of the signature flipped: SIGNATURE, at every position', async () => {
    const [h, p, s] = parts(jws);
    const signature = Buffer.from(s, 'base64url');
    expect(signature).toHaveLength(64);
    const checks = new Set<string>();
    for (let i = 0; i < signature.length; i++) {
      const flipped = Buffer.from(signature);
      flipped[i] = (flipped[i] ?? 0) ^ 0x80;
      const result = await verifyReportJws(`${h}.${p}.${flipped.toString('base64url')}`, jwks);
      checks.add(result.valid ? 'VALID' : result.check);
    }
    expect([...checks]).toEqual(['SIGNATURE']);
  });

  it('a signature part re-spelt with other unused trailing bits (same bytes to a lenient decoder): MALFORMED', async () => {
    const [h, p, s] = parts(jws);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 64 bytes take 86 characters; the last one carries 2 bits of data and 4 unused bits.
    const last = alphabet.indexOf(s.slice(-1));
    const respelt = `${s.slice(0, -1)}${alphabet[last ^ 0b0001]}`;
    expect(Buffer.from(respelt, 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true);
    expect(await verifyReportJws(`${h}.${p}.${respelt}`, jwks)).toMatchObject({ valid: false, check: 'MALFORMED', message: 'the signature is not base64url' });
  });
});

describe('keys', () => {
  it('a report signed by a key not in the JWKS: UNKNOWN_KEY naming the kid', async () => {
    const other = await openReportKeyRing(path.join(root, 'other'));
    expect(other.activeKid).not.toBe(ring.activeKid);
    const foreign = await other.sign(body);
    expect(await verifyReportJws(foreign.jws, other.jwks())).toMatchObject({ valid: true });
    expect(await verifyReportJws(foreign.jws, jwks)).toEqual({ valid: false, check: 'UNKNOWN_KEY', message: `key "${other.activeKid}" is not in the key set` });
  });

  it('no kid in the header, an empty or broken key set: UNKNOWN_KEY, without throwing', async () => {
    const noKid = await signDirectly(canonicalJson(body), { kid: undefined });
    expect(decodeProtectedHeader(noKid)).not.toHaveProperty('kid');
    expect(await verifyReportJws(noKid, jwks)).toMatchObject({ valid: false, check: 'UNKNOWN_KEY' });
    expect(await verifyReportJws(jws, { keys: [] })).toMatchObject({ valid: false, check: 'UNKNOWN_KEY' });
    for (const broken of [{}, null, { keys: 'x' }, { keys: [null, 1] }]) {
      expect(await verifyReportJws(jws, broken as unknown as JSONWebKeySet)).toMatchObject({ valid: false, check: 'UNKNOWN_KEY' });
    }
  });

  it('a JWKS entry for another algorithm or key type under the same kid: ALGORITHM', async () => {
    const [published] = jwks.keys;
    expect(await verifyReportJws(jws, { keys: [{ ...published, alg: 'ES384' }] })).toMatchObject({ valid: false, check: 'ALGORITHM' });
    expect(await verifyReportJws(jws, { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: ring.activeKid }] })).toMatchObject({ valid: false, check: 'ALGORITHM' });
  });
});

describe('algorithms', () => {
  it('alg "none", with or without a signature part: ALGORITHM', async () => {
    const [, p, s] = parts(jws);
    const none = encodeHeader({ alg: 'none', kid: ring.activeKid, typ: REPORT_JWS_TYP, cty: 'application/json' });
    for (const token of [`${none}.${p}.`, `${none}.${p}.${s}`]) {
      expect(await verifyReportJws(token, jwks)).toEqual({ valid: false, check: 'ALGORITHM', message: 'alg "none" is not accepted; reports are signed with ES256' });
    }
  });

  it('HS256, keyed with the public key as the HMAC secret: ALGORITHM', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const hs = await new CompactSign(new TextEncoder().encode(canonicalJson(body)))
      .setProtectedHeader({ alg: 'HS256', kid: ring.activeKid, typ: REPORT_JWS_TYP, cty: 'application/json' })
      .sign(secret);
    expect(decodeProtectedHeader(hs).alg).toBe('HS256');
    expect(await verifyReportJws(hs, jwks)).toEqual({ valid: false, check: 'ALGORITHM', message: 'alg "HS256" is not accepted; reports are signed with ES256' });
  });

  it('other asymmetric algorithms: ALGORITHM', async () => {
    const [, p, s] = parts(jws);
    for (const alg of ['RS256', 'ES384', 'EdDSA', 'es256']) {
      const token = `${encodeHeader({ alg, kid: ring.activeKid, typ: REPORT_JWS_TYP })}.${p}.${s}`;
      expect(await verifyReportJws(token, jwks)).toMatchObject({ valid: false, check: 'ALGORITHM' });
    }
  });
});

describe('malformed input', () => {
  it('garbage of every kind: MALFORMED, never a throw', async () => {
    const [h, p, s] = parts(jws);
    const header = (extra: Record<string, unknown>) => encodeHeader({ alg: 'ES256', kid: ring.activeKid, typ: REPORT_JWS_TYP, ...extra });
    const garbage: unknown[] = [
      '',
      'garbage',
      'a.b',
      `${h}.${p}.${s}.${s}`,
      '..',
      `${h}=.${p}.${s}`,
      `${h}.${p}+.${s}`,
      `${h}.${p}.${s}=`,
      `${base64url.encode('not json')}.${p}.${s}`,
      `${base64url.encode('[1,2]')}.${p}.${s}`,
      `${base64url.encode('{}')}.${p}.${s}`,
      `${base64url.encode(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]))}.${p}.${s}`,
      `${header({ typ: 'JWT' })}.${p}.${s}`,
      `${header({ typ: undefined })}.${p}.${s}`,
      `${header({ crit: ['exp'], exp: 1 })}.${p}.${s}`,
      `${header({ b64: false, crit: ['b64'] })}.${p}.${s}`,
      ` ${jws}`,
      `${jws}\n`,
      42,
      null,
      undefined,
      { jws },
    ];
    for (const input of garbage) {
      const result = await verifyReportJws(input as string, jwks);
      expect({ input, check: result.valid ? 'VALID' : result.check }).toEqual({ input, check: 'MALFORMED' });
    }
  });

  it('accepts typ with the optional "application/" prefix, in any case (RFC 7515)', async () => {
    const token = await signDirectly(canonicalJson(body), { typ: 'Application/Verification-Report+JWS' });
    expect(await verifyReportJws(token, jwks)).toMatchObject({ valid: true, kid: ring.activeKid });
  });
});

describe('canonical payload', () => {
  it('signed correctly but not canonical: NOT_CANONICAL; the canonical control verifies', async () => {
    expect(await verifyReportJws(await signDirectly('{"id":"r-1","version":1}'), jwks)).toMatchObject({ valid: true, payload: { id: 'r-1', version: 1 } });
    const notCanonical = [
      '{"version":1,"id":"r-1"}',
      '{"id": "r-1","version":1}',
      '{"id":"r-1","version":1}\n',
      '{"id":"r-1","version":1.0}',
      '{"id":"r-1","id":"r-2"}',
      '{"id":"\\u0072-1"}',
      '\ufeff{"id":"r-1"}',
      '1e400',
      'not json',
    ];
    for (const payload of notCanonical) {
      const result = await verifyReportJws(await signDirectly(payload), jwks);
      expect({ payload, check: result.valid ? 'VALID' : result.check }).toEqual({ payload, check: 'NOT_CANONICAL' });
    }
    const invalidUtf8 = await signDirectly(new Uint8Array([0x22, 0xc3, 0x28, 0x22]));
    expect(await verifyReportJws(invalidUtf8, jwks)).toMatchObject({ valid: false, check: 'NOT_CANONICAL' });
  });

  it('says where the payload departs from its canonical form', async () => {
    expect(await verifyReportJws(await signDirectly('{"version":1,"id":"r-1"}'), jwks)).toEqual({
      valid: false,
      check: 'NOT_CANONICAL',
      message: 'the payload is JSON but not canonical JSON (RFC 8785): it departs from its canonical form at byte 2',
    });
  });
});
