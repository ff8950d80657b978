import { householdConsents, uploadConsentForm } from '../consents.js';
import { verificationInput, type SampleHousehold } from '../households.js';
import { startIsolatedHub } from '../isolation.js';
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
  const bench = await startIsolatedHub('bench-peer', sandboxUrl, { SOURCE_CONCURRENCY: '64', REQUEST_DEADLINE_MS: '30000' });
  const { hub, gql, token } = bench;
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
    stop: () => bench.stop(),
  };
}
