import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Issuer and audience of tokens minted by `npm run token` (development and tests only). */
export const DEV_ISSUER = 'urn:verification-hub:dev';
export const DEV_AUDIENCE = 'verification-hub';
export const DEFAULT_DEV_KEYS_DIR = '.data/dev-keys';
const ALG = 'ES256';

export interface DevKeys {
  privateKey: CryptoKey;
  kid: string;
  /** Public JWKS to trust (AUTH_ISSUERS defaults to it). */
  jwksPath: string;
  issuer: string;
}

export interface DevTokenClaims {
  sub: string;
  org: string;
  /** Plain strings, so that tests can mint tokens with roles the verifier must refuse. */
  roles: readonly string[];
  /** Negative values mint an already expired token. */
  ttlSeconds: number;
  audience?: string;
  /** `nbf` as seconds since the epoch. */
  notBefore?: number;
}

/** Key directory: AUTH_DEV_KEYS_DIR, else `.data/dev-keys`, relative to the working directory. */
export function devKeysDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.AUTH_DEV_KEYS_DIR || DEFAULT_DEV_KEYS_DIR);
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parsePrivateJwk(file: string, text: string): JWK {
  const problem = `${file} is not an ${ALG} private JWK; delete it to create a new dev key pair`;
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error(problem);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string' || typeof jwk.d !== 'string') {
    throw new Error(problem);
  }
  return jwk;
}

/**
 * Creates the private key file unless another process (tests run in parallel) already has: the key
 * is written in full to a temporary file, then link()ed into place, which never replaces a file.
 */
async function createPrivateJwk(file: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
    return jwk;
  } catch (err) {
    const theirs = (err as NodeJS.ErrnoException).code === 'EEXIST' ? await readIfPresent(file) : undefined;
    if (theirs === undefined) throw err;
    return parsePrivateJwk(file, theirs);
  } finally {
    await unlink(tmp);
  }
}

/**
 * Returns the development signing key, creating it on first use and reusing it afterwards (tokens
 * survive restarts). The public JWKS is derived from the private key and rewritten when it differs,
 * atomically (rename), so concurrent callers all write the same bytes.
 */
export async function ensureDevKeys(dir: string = devKeysDir()): Promise<DevKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privatePath = path.join(dir, 'private.jwk.json');
  const existing = await readIfPresent(privatePath);
  const jwk = existing === undefined ? await createPrivateJwk(privatePath) : parsePrivateJwk(privatePath, existing);
  const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwksPath = path.join(dir, 'jwks.json');
  const jwks = `${JSON.stringify({ keys: [{ ...publicJwk, kid, alg: ALG, use: 'sig' }] }, null, 2)}\n`;
  if ((await readIfPresent(jwksPath)) !== jwks) {
    const tmp = `${jwksPath}.${randomUUID()}.tmp`;
    await writeFile(tmp, jwks, { mode: 0o644 });
    await rename(tmp, jwksPath);
  }
  const privateKey = await importJWK({ ...jwk, kty: 'EC' }, ALG);
  return { privateKey, kid, jwksPath, issuer: DEV_ISSUER };
}

/** Signs a compact JWT with the dev key, in the shape the hub's verifier expects. */
export async function signDevToken(keys: DevKeys, claims: DevTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ org: claims.org, roles: [...claims.roles] })
    .setProtectedHeader({ alg: ALG, kid: keys.kid, typ: 'JWT' })
    .setIssuer(keys.issuer)
    .setSubject(claims.sub)
    .setAudience(claims.audience ?? DEV_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + claims.ttlSeconds)
    .setJti(randomUUID());
  if (claims.notBefore !== undefined) jwt.setNotBefore(claims.notBefore);
  return jwt.sign(keys.privateKey);
}
