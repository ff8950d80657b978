import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateJwkThumbprint, type JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { openReportKeyRing, reportKeysDir, rotateReportKey, verifyReportJws } from '../../src/signing/index.js';

const signingIndex = fileURLToPath(new URL('../../src/signing/index.ts', import.meta.url));

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'report-keys-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const report = { version: 1, id: 'rep-1', status: 'COMPLETE' };

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function jwksOnDisk(dir: string): JSONWebKeySet {
  return readJson<JSONWebKeySet>(path.join(dir, 'jwks.json'));
}

function activeOnDisk(dir: string): string {
  return readJson<{ kid: string }>(path.join(dir, 'active.json')).kid;
}

function kidsOf(jwks: JSONWebKeySet): string[] {
  return jwks.keys.map((k) => k.kid ?? '').sort();
}

describe('key ring on disk', () => {
  it('creates the first key: private JWK (0600) named by its RFC 7638 thumbprint, active.json, public jwks.json', async () => {
    const dir = path.join(root, 'nested', 'report-keys');
    const ring = await openReportKeyRing(dir);
    expect(readdirSync(path.join(dir, 'keys'))).toEqual([`${ring.activeKid}.private.jwk.json`]);
    const privateFile = path.join(dir, 'keys', `${ring.activeKid}.private.jwk.json`);
    expect(statSync(privateFile).mode & 0o777).toBe(0o600);
    const priv = readJson<Record<string, string>>(privateFile);
    expect(priv).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(priv.d).toMatch(/^[\w-]{43}$/);
    expect(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: priv.x, y: priv.y })).toBe(ring.activeKid);
    expect(activeOnDisk(dir)).toBe(ring.activeKid);
    const jwks = jwksOnDisk(dir);
    expect(jwks).toEqual({ keys: [{ kty: 'EC', crv: 'P-256', x: priv.x, y: priv.y, kid: ring.activeKid, alg: 'ES256', use: 'sig' }] });
    expect(JSON.stringify(jwks)).not.toContain(priv.d);
    expect(ring.jwks()).toEqual(jwks);
  });

  it('reopening reuses the key, and jwks() hands out copies', async () => {
    const first = await openReportKeyRing(root);
    const signed = await first.sign(report);
    const again = await openReportKeyRing(root);
    expect(again.activeKid).toBe(first.activeKid);
    expect(readdirSync(path.join(root, 'keys'))).toHaveLength(1);
    expect(await verifyReportJws(signed.jws, again.jwks())).toMatchObject({ valid: true, kid: first.activeKid });
    again.jwks().keys.length = 0;
    expect(again.jwks().keys).toHaveLength(1);
  });

  it('six concurrent opens of an empty directory end with one key, and no temporary files', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = path.join(root, `round-${round}`);
      const rings = await Promise.all(Array.from({ length: 6 }, () => openReportKeyRing(dir)));
      const kid = rings[0]?.activeKid;
      expect(rings.map((r) => r.activeKid)).toEqual(Array.from({ length: 6 }, () => kid));
      expect(readdirSync(path.join(dir, 'keys'))).toEqual([`${kid}.private.jwk.json`]);
      expect(readdirSync(dir).sort()).toEqual(['active.json', 'jwks.json', 'keys']);
      expect(activeOnDisk(dir)).toBe(kid);
      expect(kidsOf(jwksOnDisk(dir))).toEqual([kid]);
      for (const ring of rings) expect(kidsOf(ring.jwks())).toEqual([kid]);
      const signed = await rings[4]!.sign(report);
      expect(await verifyReportJws(signed.jws, jwksOnDisk(dir))).toMatchObject({ valid: true, kid });
    }
  });

  it('six processes opening an empty directory at once end with one key', async () => {
    const dir = path.join(root, 'shared');
    const script = path.join(root, 'open.mts');
    writeFileSync(script, `import { openReportKeyRing } from ${JSON.stringify(signingIndex)};\nprocess.stdout.write((await openReportKeyRing(process.argv[2])).activeKid);\n`);
    const opened = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.on('error', reject);
            child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
          }),
      ),
    );
    const kid = activeOnDisk(dir);
    expect(opened).toEqual(Array.from({ length: 6 }, () => kid));
    expect(readdirSync(path.join(dir, 'keys'))).toEqual([`${kid}.private.jwk.json`]);
    expect(kidsOf(jwksOnDisk(dir))).toEqual([kid]);
  });

  it('finishes a first key whose creator stopped between naming it in active.json and moving it into keys/', async () => {
    const ring = await openReportKeyRing(root);
    const file = path.join(root, 'keys', `${ring.activeKid}.private.jwk.json`);
    const content = readFileSync(file, 'utf8');
    renameSync(file, `${file}.6d1b0f9e-2c1a-4b8e-9d3f-0a1b2c3d4e5f.tmp`);
    unlinkSync(path.join(root, 'jwks.json'));
    const reopened = await openReportKeyRing(root);
    expect(reopened.activeKid).toBe(ring.activeKid);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(kidsOf(jwksOnDisk(root))).toEqual([ring.activeKid]);
  });

  it('refuses damaged files with a ConfigError naming them, and leaves them as they are', async () => {
    const ring = await openReportKeyRing(root);
    const privateFile = path.join(root, 'keys', `${ring.activeKid}.private.jwk.json`);
    const original = readFileSync(privateFile, 'utf8');

    writeFileSync(privateFile, '{"kty":"oct","k":"c2VjcmV0"}');
    await expect(openReportKeyRing(root)).rejects.toThrow(ConfigError);
    await expect(openReportKeyRing(root)).rejects.toThrow(`${privateFile}: not an ES256 (P-256) private JWK`);
    expect(readFileSync(privateFile, 'utf8')).toBe('{"kty":"oct","k":"c2VjcmV0"}');

    // A valid key under another key's name.
    const other = await openReportKeyRing(path.join(root, 'other'));
    const otherFile = path.join(root, 'other', 'keys', `${other.activeKid}.private.jwk.json`);
    writeFileSync(privateFile, readFileSync(otherFile));
    await expect(openReportKeyRing(root)).rejects.toThrow(`${privateFile}: holds key ${other.activeKid}, not the key ${ring.activeKid} its name says`);
    writeFileSync(privateFile, original);

    unlinkSync(privateFile);
    await expect(openReportKeyRing(root)).rejects.toThrow(`${privateFile}: missing, though ${path.join(root, 'active.json')} names ${ring.activeKid} as the active key`);
    writeFileSync(privateFile, original, { mode: 0o600 });

    writeFileSync(path.join(root, 'active.json'), 'nonsense');
    await expect(openReportKeyRing(root)).rejects.toThrow(`${path.join(root, 'active.json')}: expected {"kid": "<RFC 7638 thumbprint of the active key>"}`);
    writeFileSync(path.join(root, 'active.json'), JSON.stringify({ kid: ring.activeKid }));

    const jwksFile = path.join(root, 'jwks.json');
    const published = jwksOnDisk(root);
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...published.keys[0], d: 'secret' }] }));
    await expect(openReportKeyRing(root)).rejects.toThrow(`${jwksFile}: keys[0] holds a private key; this file is public`);
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...published.keys[0], kid: 'x'.repeat(43) }] }));
    await expect(openReportKeyRing(root)).rejects.toThrow(`${jwksFile}: keys[0]: kid ${'x'.repeat(43)} is not the key's RFC 7638 thumbprint`);
    writeFileSync(jwksFile, '[]');
    await expect(openReportKeyRing(root)).rejects.toThrow(`${jwksFile}: not a JWKS`);

    unlinkSync(jwksFile);
    expect((await openReportKeyRing(root)).activeKid).toBe(ring.activeKid);
  });

  it('keeps keys under REPORT_KEYS_DIR, else .data/report-keys of the working directory', () => {
    expect(reportKeysDir({ REPORT_KEYS_DIR: root })).toBe(root);
    expect(reportKeysDir({ REPORT_KEYS_DIR: 'rel/keys' })).toBe(path.resolve('rel/keys'));
    expect(reportKeysDir({})).toBe(path.resolve('.data/report-keys'));
  });
});

describe('rotation', () => {
  it('sign with A, rotate, sign with B: both verify with the new jwks.json; B is active, A is not', async () => {
    const ringA = await openReportKeyRing(root);
    const kidA = ringA.activeKid;
    const byA = await ringA.sign(report);

    const kidB = await rotateReportKey(root);
    expect(kidB).not.toBe(kidA);
    expect(kidB).toMatch(/^[\w-]{43}$/);
    expect(activeOnDisk(root)).toBe(kidB);
    const ringB = await openReportKeyRing(root);
    expect(ringB.activeKid).toBe(kidB);
    const byB = await ringB.sign({ ...report, id: 'rep-2' });
    expect(byB.kid).toBe(kidB);

    const jwks = jwksOnDisk(root);
    expect(kidsOf(jwks)).toEqual([kidA, kidB].sort());
    expect(await verifyReportJws(byA.jws, jwks)).toMatchObject({ valid: true, kid: kidA, payload: report });
    expect(await verifyReportJws(byB.jws, jwks)).toMatchObject({ valid: true, kid: kidB, payload: { id: 'rep-2' } });
    // Only A's own key set, as it was before the rotation, does not know B.
    expect(await verifyReportJws(byB.jws, ringA.jwks())).toMatchObject({ valid: false, check: 'UNKNOWN_KEY' });
    // A ring opened before the rotation keeps signing with A, which stays verifiable.
    expect(await verifyReportJws((await ringA.sign(report)).jws, jwks)).toMatchObject({ valid: true, kid: kidA });
  });

  it('a retired key stays published after its private key is deleted', async () => {
    const kidA = (await openReportKeyRing(root)).activeKid;
    const kidB = await rotateReportKey(root);
    unlinkSync(path.join(root, 'keys', `${kidA}.private.jwk.json`));
    await openReportKeyRing(root);
    const kidC = await rotateReportKey(root);
    expect(kidsOf(jwksOnDisk(root))).toEqual([kidA, kidB, kidC].sort());
    expect(existsSync(path.join(root, 'keys', `${kidA}.private.jwk.json`))).toBe(false);
  });

  it('concurrent rotations lose no key: every key file is published and one of them is active', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = path.join(root, `round-${round}`);
      const first = (await openReportKeyRing(dir)).activeKid;
      const rotated = await Promise.all(Array.from({ length: 12 }, () => rotateReportKey(dir)));
      expect(new Set(rotated).size).toBe(12);
      expect(kidsOf(jwksOnDisk(dir))).toEqual([first, ...rotated].sort());
      expect(readdirSync(path.join(dir, 'keys'))).toHaveLength(13);
      expect(rotated).toContain(activeOnDisk(dir));
    }
  });

  it('rotating an empty directory creates its first key', async () => {
    const kid = await rotateReportKey(root);
    expect((await openReportKeyRing(root)).activeKid).toBe(kid);
    expect(kidsOf(jwksOnDisk(root))).toEqual([kid]);
  });
});
