import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ensureDevKeys, signDevToken, type Role } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import { dropDatabase } from '../../src/db/index.js';
import { demoConsentForm } from '../../src/consent/index.js';
import { createLogger } from '../../src/logging/index.js';
import { startHub, type RunningHub } from '../../src/startup/index.js';

export interface TestHub {
  hub: RunningHub;
  /** The environment the hub was started with (a worker process started with it joins this hub). */
  env: Record<string, string>;
  url: string;
  /** A development token signed with this hub's trusted test key. */
  token(roles: Role[], org: string, sub?: string): Promise<string>;
  /** POSTs a GraphQL request; returns the HTTP status and the parsed body. */
  gql<T = Record<string, unknown>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: { data?: T | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] } }>;
  /**
   * Uploads a small signed-consent PDF as the token's organisation (once per token) and returns the
   * SHA-256 the hub computed: what `documentSha256` of a consent that organisation registers names.
   */
  consentDocument(token: string): Promise<string>;
  /** POSTs raw bytes to /consents/documents; returns the HTTP status and the parsed JSON body. */
  uploadConsentDocument(token: string | null, bytes: Uint8Array, contentType: string): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/**
 * A small but well-formed PDF of a signed consent form (the hub checks the header, the xref table
 * startxref points at, %%EOF, and at least CONSENT_DOCUMENT_MIN_BYTES, 1 KB): `note` makes it unique.
 */
/** A well-formed demo PDF over 1 KB (the upload checks the structure), as `npm run consent-form` writes it. */
export const consentPdf = (note = 'signed consent form (test)'): Buffer => demoConsentForm(note);
export const CONSENT_PDF = consentPdf();

const quiet = process.env.HUB_TEST_LOG ? createLogger('error', process.stderr) : createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

/**
 * A whole hub (own database, own sandbox on a free port, own dev keys) for one test file. The
 * sandbox is small and fast unless `env` says otherwise.
 */
export async function startTestHub(env: Record<string, string> = {}): Promise<TestHub> {
  const keysDir = mkdtempSync(join(tmpdir(), 'hub-keys-'));
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/hub_test_${randomBytes(6).toString('hex')}`;
  const hubEnv: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    SANDBOX_PORT: '0',
    SANDBOX_HOUSEHOLDS: '600',
    SANDBOX_SEED: '7',
    SANDBOX_LATENCY_MS: '0',
    SANDBOX_BANK_DELAY_MS: '100',
    LOG_LEVEL: 'silent',
    AUTH_DEV_KEYS_DIR: keysDir,
    REPORT_KEYS_DIR: join(keysDir, 'reports'),
    DATA_KEYS_DIR: join(keysDir, 'data'),
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    ...env,
  };
  const hub = await startHub(loadConfig(hubEnv), quiet);
  const keys = await ensureDevKeys(keysDir);
  const url = hub.server.url;
  const documents = new Map<string, Promise<string>>();
  const uploadConsentDocument: TestHub['uploadConsentDocument'] = async (token, bytes, contentType) => {
    const res = await fetch(new URL('/consents/documents', url), { method: 'POST', headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: bytes });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const consentDocument = (token: string): Promise<string> => {
    let sha = documents.get(token);
    if (!sha) {
      sha = uploadConsentDocument(token, CONSENT_PDF, 'application/pdf').then((r) => {
        if (r.status !== 201) throw new Error(`consent document upload: ${r.status} ${JSON.stringify(r.body)}`);
        return String(r.body.sha256);
      });
      documents.set(token, sha);
    }
    return sha;
  };
  return {
    consentDocument,
    uploadConsentDocument,
    hub,
    env: hubEnv,
    url,
    token: (roles, org, sub = `test-${roles[0]}`) => signDevToken(keys, { sub, org, roles, ttlSeconds: 600 }),
    gql: async (token, query, variables) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    stop: async () => {
      await hub.stop();
      await dropDatabase(databaseUrl);
    },
  };
}
