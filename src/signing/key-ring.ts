import { createPrivateKey, createSign, randomUUID, type KeyObject } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { canonicalBytes } from '../canonical/index.js';
import { ConfigError } from '../errors/index.js';
import { REPORT_JWS_ALG, REPORT_JWS_CTY, REPORT_JWS_TYP, sha256Hex, type PublicReportJwk, type SignedReport } from './format.js';

export const DEFAULT_REPORT_KEYS_DIR = '.data/report-keys';

/** The hub's report signing keys, as opened from a key directory. */
export interface ReportKeyRing {
  /** The key this ring signs with: the active key when the ring was opened. */
  readonly activeKid: string;
  /** Public keys of every key ever used in the directory (a copy, as of opening). */
  jwks(): JSONWebKeySet;
  /** Signs the canonical JSON (RFC 8785) of `body` as a compact JWS. */
  /** `typ` tells kinds of signed documents apart (reports by default; webhook events set their own). */
  sign(body: unknown, options?: { typ?: string }): Promise<SignedReport>;
}

/** Key directory: REPORT_KEYS_DIR, else `.data/report-keys`, relative to the working directory. */
export function reportKeysDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.REPORT_KEYS_DIR || DEFAULT_REPORT_KEYS_DIR);
}

/** kid = RFC 7638 thumbprint: base64url of a SHA-256, 43 characters. */
const KID = /^[A-Za-z0-9_-]{43}$/;
const KEY_FILE = /^([A-Za-z0-9_-]{43})\.private\.jwk\.json$/;

interface PrivateP256Jwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
}

interface Paths {
  keys: string;
  active: string;
  jwks: string;
}

function pathsOf(dir: string): Paths {
  return { keys: path.join(dir, 'keys'), active: path.join(dir, 'active.json'), jwks: path.join(dir, 'jwks.json') };
}

function keyFile(paths: Paths, kid: string): string {
  return path.join(paths.keys, `${kid}.private.jwk.json`);
}

function damaged(file: string, why: string): ConfigError {
  return new ConfigError([`${file}: ${why}`]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

/** Writes `text` in full to a new temporary file next to `file` and returns its name. */
async function writeTemp(file: string, text: string, mode: number): Promise<string> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, text, { mode, flag: 'wx' });
  return tmp;
}

/** link() never replaces a file: true when `file` is now `tmp`'s content, false when it already existed. */
async function linkNew(tmp: string, file: string): Promise<boolean> {
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    throw err;
  }
}

/** rename() replaces atomically: readers see the old or the new file, never a partial one. */
async function replaceFile(file: string, text: string, mode: number): Promise<void> {
  const tmp = await writeTemp(file, text, mode);
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlinkIfPresent(tmp);
    throw err;
  }
}

function thumbprint(jwk: { x: string; y: string }): Promise<string> {
  return calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
}

function publicJwk(jwk: { x: string; y: string }, kid: string): PublicReportJwk {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: REPORT_JWS_ALG, use: 'sig' };
}

/** Reads a private key file, checking that it holds the key its name (the thumbprint) says. */
function parsePrivateJwk(file: string, text: string): PrivateP256Jwk {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(file, 'not JSON; expected an ES256 (P-256) private JWK');
  }
  if (!isRecord(value) || value.kty !== 'EC' || value.crv !== 'P-256' || typeof value.x !== 'string' || typeof value.y !== 'string' || typeof value.d !== 'string') {
    throw damaged(file, 'not an ES256 (P-256) private JWK');
  }
  return { kty: 'EC', crv: 'P-256', x: value.x, y: value.y, d: value.d };
}

async function readPrivateJwk(file: string, kid: string): Promise<PrivateP256Jwk> {
  const text = await readIfPresent(file);
  if (text === undefined) throw damaged(file, 'missing');
  const jwk = parsePrivateJwk(file, text);
  const actual = await thumbprint(jwk);
  if (actual !== kid) throw damaged(file, `holds key ${actual}, not the key ${kid} its name says`);
  return jwk;
}

/** The published keys, checked strictly: this file is the only record of keys whose private half is gone. */
async function parsePublishedJwks(file: string, text: string): Promise<PublicReportJwk[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(file, 'not JSON; expected a JWKS ({"keys": [...]})');
  }
  if (!isRecord(value) || !Array.isArray(value.keys)) throw damaged(file, 'not a JWKS ({"keys": [...]})');
  const keys: PublicReportJwk[] = [];
  for (const [i, key] of (value.keys as unknown[]).entries()) {
    if (!isRecord(key) || key.kty !== 'EC' || key.crv !== 'P-256' || typeof key.x !== 'string' || typeof key.y !== 'string' || typeof key.kid !== 'string') {
      throw damaged(file, `keys[${i}] is not an ES256 (P-256) public key with a kid`);
    }
    if ('d' in key) throw damaged(file, `keys[${i}] holds a private key; this file is public`);
    const x = key.x;
    const y = key.y;
    if ((await thumbprint({ x, y })) !== key.kid) throw damaged(file, `keys[${i}]: kid ${key.kid} is not the key's RFC 7638 thumbprint`);
    keys.push(publicJwk({ x, y }, key.kid));
  }
  return keys;
}

async function listKeyIds(paths: Paths): Promise<string[]> {
  const names = await readdir(paths.keys);
  return names.flatMap((name) => KEY_FILE.exec(name)?.[1] ?? []).sort();
}

/**
 * Rewrites jwks.json as the union of what it holds and the public halves of keys/*, without a lock.
 * Another process may rename an older listing over ours, so after writing we list again: whoever
 * renames last sees every key file created before that rename and, if its listing was stale, loops.
 */
async function syncJwks(paths: Paths): Promise<JSONWebKeySet> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const listed = await listKeyIds(paths);
    const existing = await readIfPresent(paths.jwks);
    const byKid = new Map<string, PublicReportJwk>();
    if (existing !== undefined) for (const key of await parsePublishedJwks(paths.jwks, existing)) byKid.set(key.kid, key);
    for (const kid of listed) byKid.set(kid, publicJwk(await readPrivateJwk(keyFile(paths, kid), kid), kid));
    // Sorted by kid, so that concurrent writers with the same keys write the same bytes.
    const jwks: JSONWebKeySet = { keys: [...byKid.values()].sort((a, b) => (a.kid < b.kid ? -1 : 1)) };
    const text = `${JSON.stringify(jwks, null, 2)}\n`;
    if (text !== existing) await replaceFile(paths.jwks, text, 0o644);
    if ((await listKeyIds(paths)).join() === listed.join()) return jwks;
  }
  throw new Error(`${paths.jwks}: keys kept changing while it was being written`);
}

async function newKey(): Promise<{ kid: string; text: string }> {
  const { privateKey } = await generateKeyPair(REPORT_JWS_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  if (typeof jwk.x !== 'string' || typeof jwk.y !== 'string' || typeof jwk.d !== 'string') throw new Error('jose exported an incomplete P-256 JWK');
  const kid = await thumbprint({ x: jwk.x, y: jwk.y });
  return { kid, text: `${JSON.stringify({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d })}\n` };
}

function activeText(kid: string): string {
  return `${JSON.stringify({ kid }, null, 2)}\n`;
}

async function readActiveKid(paths: Paths): Promise<string | undefined> {
  const text = await readIfPresent(paths.active);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isRecord(value) || typeof value.kid !== 'string' || !KID.test(value.kid)) {
    throw damaged(paths.active, 'expected {"kid": "<RFC 7638 thumbprint of the active key>"}');
  }
  return value.kid;
}

/**
 * First key of an empty ring, when several processes may try at once. The key is written in full
 * to a temporary file first; active.json is then created with link() (never replaces), so exactly
 * one process wins. Only the winner moves its key into keys/: a loser's key is never published.
 */
async function createFirstKey(paths: Paths): Promise<void> {
  const key = await newKey();
  const keyTmp = await writeTemp(keyFile(paths, key.kid), key.text, 0o600);
  let activeTmp: string | undefined;
  try {
    activeTmp = await writeTemp(paths.active, activeText(key.kid), 0o644);
    // false: another process's key already is the first one. Our key file's link may find that
    // a reader finished our work (see loadActiveKey): either way the key is in place.
    if (await linkNew(activeTmp, paths.active)) await linkNew(keyTmp, keyFile(paths, key.kid));
  } finally {
    if (activeTmp !== undefined) await unlinkIfPresent(activeTmp);
    await unlinkIfPresent(keyTmp);
  }
}

/**
 * The active private key. If active.json names a key not yet in keys/, its creator stopped (or has
 * not yet got) between the two links of createFirstKey; its complete temporary file is still there,
 * so any process can finish the job.
 */
async function loadActiveKey(paths: Paths, kid: string): Promise<PrivateP256Jwk> {
  const file = keyFile(paths, kid);
  if ((await readIfPresent(file)) === undefined) {
    const prefix = `${kid}.private.jwk.json.`;
    for (const name of await readdir(paths.keys)) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      try {
        await link(path.join(paths.keys, name), file);
      } catch (err) {
        // EEXIST: already in place; ENOENT: its creator finished and removed the temporary file.
        if (errorCode(err) !== 'EEXIST' && errorCode(err) !== 'ENOENT') throw err;
      }
    }
    if ((await readIfPresent(file)) === undefined) throw damaged(file, `missing, though ${paths.active} names ${kid} as the active key`);
  }
  return readPrivateJwk(file, kid);
}

/**
 * A compact JWS (RFC 7515) made with node:crypto: the body serialised once, its base64url made
 * natively, and the ES256 signature in the JWS form (IEEE P1363, r || s). jose's CompactSign did
 * the same through a JavaScript base64url of the whole payload, which cost more than the signature
 * (issue 15); `verifyReportJws` (jose) verifies the result as before. The signing input is hashed
 * in two parts, the base64url as Latin-1 (it is ASCII), so it is never copied into one string and
 * encoded again; the compact JWS is made only when asked for (a store keeps it detached).
 */
async function signWith(privateKey: KeyObject, kid: string, body: unknown, typ: string = REPORT_JWS_TYP): Promise<SignedReport> {
  const payload = canonicalBytes(body);
  const header = Buffer.from(JSON.stringify({ alg: REPORT_JWS_ALG, kid, typ, cty: REPORT_JWS_CTY }), 'utf8').toString('base64url');
  const encoded = payload.toString('base64url');
  const signature = createSign('sha256').update(`${header}.`, 'latin1').update(encoded, 'latin1').sign({ key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  let jws: string | undefined;
  return {
    get jws() {
      return (jws ??= `${header}.${encoded}.${signature}`);
    },
    detachedJws: `${header}..${signature}`,
    kid,
    payloadSha256: sha256Hex(payload),
    payload,
  };
}

/**
 * Opens the key ring in `dir`, creating its first key when there is none. Safe when several
 * processes open the same empty directory at once: they all end up with the same single key.
 * Damaged files raise a ConfigError naming the file; nothing is ever overwritten to repair them.
 */
export async function openReportKeyRing(dir: string = DEFAULT_REPORT_KEYS_DIR): Promise<ReportKeyRing> {
  const paths = pathsOf(dir);
  await mkdir(paths.keys, { recursive: true, mode: 0o700 });
  let kid = await readActiveKid(paths);
  if (kid === undefined) {
    await createFirstKey(paths);
    kid = await readActiveKid(paths);
    if (kid === undefined) throw new Error(`${paths.active}: removed while the key ring was being created`);
  }
  const jwk = await loadActiveKey(paths, kid);
  const jwks = await syncJwks(paths);
  // Kept in this closure: the ring can sign but never hands the private key out.
  const privateKey = createPrivateKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d }, format: 'jwk' });
  const activeKid = kid;
  return {
    activeKid,
    jwks: () => structuredClone(jwks),
    sign: (body, options) => signWith(privateKey, activeKid, body, options?.typ),
  };
}

/**
 * Creates a key and makes it the active one; returns its kid. The new public key is published in
 * jwks.json before active.json names it, and retired keys stay published, so every report signed
 * with any of them stays verifiable. Rings already open keep signing with the key they opened with.
 */
export async function rotateReportKey(dir: string = DEFAULT_REPORT_KEYS_DIR): Promise<string> {
  const paths = pathsOf(dir);
  await mkdir(paths.keys, { recursive: true, mode: 0o700 });
  const key = await newKey();
  const file = keyFile(paths, key.kid);
  const tmp = await writeTemp(file, key.text, 0o600);
  try {
    if (!(await linkNew(tmp, file))) throw new Error(`${file}: already exists; a fresh key cannot collide, refusing to continue`);
  } finally {
    await unlinkIfPresent(tmp);
  }
  await syncJwks(paths);
  await replaceFile(paths.active, activeText(key.kid), 0o644);
  return key.kid;
}
