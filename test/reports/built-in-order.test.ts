import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import type * as CanonicalJson from '../../src/canonical/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

/**
 * Signing a report version brings its body into canonical key order, copying every object that is
 * not (canonical-json.ts). A full household's body is some 2,000 objects; built out of order, each
 * version was copied whole: a tenth of what a verification allocated (issue 15). So the report is
 * built in canonical order where it is made, and this checks it on what the signer is given.
 */
const signed = vi.hoisted(() => [] as unknown[]);
vi.mock('../../src/canonical/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof CanonicalJson>();
  return {
    ...actual,
    canonicalBytes: (value: unknown) => {
      signed.push(value);
      return actual.canonicalBytes(value);
    },
  };
});

/**
 * Where in `value` an object's keys are not in canonical order, array indexes shown as [] and
 * attribute codes as <code>. In the assessment only its many leaves count (figures, grounds,
 * hardship contributions: hundreds in a household's report); its few dozen containers are
 * copied cheaply, each without what it holds.
 */
function outOfOrder(value: unknown, path = '$', found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) outOfOrder(item, `${path}[]`, found);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const keys = Object.keys(value);
    const leaf = ['rule', 'holds', 'factor'].some((k) => keys.includes(k));
    const counts = !path.startsWith('$.assessment') || leaf;
    if (counts && keys.some((k, i) => i > 0 && keys[i - 1]! > k)) found.add(`${path} {${keys.join(',')}}`.slice(0, 160));
    for (const k of keys) outOfOrder((value as Record<string, unknown>)[k], `${path}.${k.includes('.') ? '<code>' : k}`, found);
  }
  return found;
}

let t: TestHub;
let token: string;

beforeAll(async () => {
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '300', REQUEST_DEADLINE_MS: '20000' });
  token = await t.token(['verifier', 'assistance-system'], '370102');
});
afterAll(() => t?.stop());

/** Verifies `h` declared with no income, so its wages differ from the declaration. */
async function verify(h: SandboxHousehold): Promise<string> {
  const documentSha256 = await t.consentDocument(token);
  const consents = await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
    c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
  });
  expect(consents.body.errors).toBeUndefined();
  const res = await t.gql<{ requestVerification: { id: string; status: string } }>(token, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status members { attributes { code value } } assessment { circle } discrepancies { kind } } }', {
    input: {
      household: {
        regionCode: h.regionCode,
        externalRef: h.id,
        members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: 0 })),
        declaredAssets: h.declaration.assets,
      },
      purpose: 'NEW_APPLICATION',
      applicationRef: `APP-${h.id}`,
    },
  });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data!.requestVerification.status).toBe('PENDING');
  await t.hub.verification.settled();
  return res.body.data!.requestVerification.id;
}

describe('report bodies as the signer receives them', () => {
  it('are in canonical key order, the version waiting for the banks and the completed one alike', async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.members.length >= 2 && x.members.some((m) => m.traits.wageMonthly > 3000))!;
    signed.length = 0;
    const id = await verify(h);
    const versions = signed.filter((v): v is { id: string; status: string; discrepancies: unknown[] } => typeof v === 'object' && v !== null && (v as { id?: unknown }).id === id);
    expect(versions[0]!.status).toBe('PENDING');
    expect(versions.at(-1)!.status).toBe('COMPLETE');
    expect(versions.at(-1)!.discrepancies.length).toBeGreaterThan(0);
    expect(versions.at(-1)).toHaveProperty('assessment.hardship.contributions.0.factor');
    for (const body of versions) expect([...outOfOrder(body)]).toEqual([]);
  });
});

describe('source result rows', () => {
  it("are the signed report's sources, each column, while the banks are pending and once they answered", async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.members.length >= 3)!;
    signed.length = 0;
    const id = await verify(h);
    const versions = signed.filter((v): v is { id: string; requestId: string; status: string; sources: { source: string; status: string; latencyMs: number; tickets: { ticket: string }[]; error: string | null; answeredAt: string | null }[] } => (v as { id?: unknown }).id === id);
    const rowsOf = (version: (typeof versions)[number]) =>
      version.sources.map((s) => ({ source_id: s.source, status: s.status, latency_ms: Math.round(s.latencyMs), tickets: s.tickets.map((x) => x.ticket), error: s.error, answered_at: s.answeredAt, persons: h.members.length }));
    const pending = rowsOf(versions[0]!);
    expect(pending.filter((r) => r.status === 'PENDING' && r.tickets.length > 0 && r.answered_at === null).length).toBeGreaterThan(0);
    const stored: { source_id: string; answered_at: Date | null }[] = await t.hub.db('source_results').where({ request_id: versions[0]!.requestId }).orderBy('id').select('source_id', 'status', 'latency_ms', 'tickets', 'error', 'answered_at', 'persons');
    const asStored = stored.map((r) => ({ ...r, answered_at: r.answered_at?.toISOString() ?? null }));
    // Every row as the last version says, and in the order the first version listed the sources.
    expect(asStored).toEqual(rowsOf(versions.at(-1)!));
    expect(asStored.map((r) => r.source_id)).toEqual(pending.map((r) => r.source_id));
  });
});

