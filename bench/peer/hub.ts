import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ensureDevKeys, signDevToken } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import { dropDatabase } from '../../src/db/index.js';
import { createLogger } from '../../src/logging/index.js';
import { startHub } from '../../src/startup/index.js';
import { householdConsents, uploadConsentForm } from '../consents.js';
import { verificationInput, type SampleHousehold } from '../households.js';
import { benchDatabaseUrl } from '../isolation.js';
import type { Question } from './question.js';


/** The hub in this process (its CPU is this process's), on a database, queue prefix and key folder of this run's own. */
export interface BenchHub {
  /** One verification of the household asking the question; the report's non-null values as `idNumber code`. */
  verify(h: SampleHousehold, n: number): Promise<Set<string>>;
  /** Work the verifications left running (audit, completion) is done. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const VERIFY = `mutation($input: VerificationInput!) { requestVerification(input: $input) {
  id status members { idNumber attributes { code value } } sources { source status } } }`;

type Report = { requestVerification: { members: { idNumber: string; attributes: { code: string; value: unknown }[] }[] } };

/** Starts the hub over the sandbox and registers the consents of the households it will be asked about. */
export async function startBenchHub(sandboxUrl: string, question: Question, households: SampleHousehold[]): Promise<BenchHub> {
  // Isolated by environment as bench:verify: DATABASE_URL's and REDIS_URL's servers, this run's own database and queue prefix.
  const databaseUrl = benchDatabaseUrl('hub_bench_peer');
  const keysDir = mkdtempSync(join(tmpdir(), 'hub-bench-peer-keys-'));
  const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const hub = await startHub(
    loadConfig({
      DATABASE_URL: databaseUrl,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      PORT: '0',
      SANDBOX: 'off',
      SOURCE_BASE_URL: sandboxUrl,
      LOG_LEVEL: 'silent',
      AUTH_DEV_KEYS_DIR: keysDir,
      REPORT_KEYS_DIR: join(keysDir, 'reports'),
      DATA_KEYS_DIR: join(keysDir, 'data'),
      QUEUE_PREFIX: `bench-peer-${process.pid}`,
      SOURCE_CONCURRENCY: '64',
      REQUEST_DEADLINE_MS: '30000',
    }),
    quiet,
  );
  const token = await signDevToken(await ensureDevKeys(keysDir), { sub: 'bench', org: '370000', roles: ['verifier', 'assistance-system'], ttlSeconds: 3600 });
  const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(hub.server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  };
  const documentSha256 = await uploadConsentForm(hub.server.url, token, 'signed consent form (bench:peer)');
  for (const h of households) {
    await gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: householdConsents(h.members, documentSha256, 'NEW_APPLICATION', '2028-01-01') });
  }
  const sources = question.sources.map((s) => s.id);
  return {
    verify: async (h, n) => {
      const report = await gql<Report>(VERIFY, { input: verificationInput(h, `BENCH-PEER-${n}`, { sources }) });
      return new Set(report.requestVerification.members.flatMap((m) => m.attributes.filter((a) => a.value !== null).map((a) => `${m.idNumber} ${a.code}`)));
    },
    settled: () => hub.verification.settled(),
    stop: async () => {
      await hub.stop();
      await dropDatabase(databaseUrl);
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** 4-member generated households whose members are all registered where the household applies (else the hub refuses them before fetching). */
