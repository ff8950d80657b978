import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging/index.js';
import { startWorker } from '../../src/startup/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

const METRICS_TOKEN = 'test-metrics-token-0123456789';
let t: TestHub;
let token: string;
let base: URL;

const VERIFY = 'mutation Verify($input: VerificationInput!) { requestVerification(input: $input) { id status } }';

async function scrape(auth: string | null = METRICS_TOKEN): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL('/metrics', base), { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  return { status: res.status, text: await res.text() };
}

/** The value of one series (labels in the order prom-client prints them), 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function consent(h: SandboxHousehold): Promise<void> {
  const documentSha256 = await t.consentDocument(token);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  const res = await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c });
  expect(res.body.errors).toBeUndefined();
}

beforeAll(async () => {
  // Banks answer a minute later: their tickets stay pending while the test reads the gauge.
  t = await startTestHub({ METRICS_TOKEN, SANDBOX_BANK_DELAY_MS: '60000' });
  base = new URL(t.url);
  token = await t.token(['verifier'], '370102');
});
afterAll(async () => {
  await t?.stop();
});

describe('GET /metrics', () => {
  it('is refused without the scrape token, and with a caller token or a wrong one', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('not-the-token')).status).toBe(401);
    expect((await scrape(token)).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('process_cpu_user_seconds_total');
    expect(ok.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('moves the GraphQL, source and verification counters with one verification, and carries no personal data', async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102')!;
    await consent(h);
    const before = (await scrape()).text;
    const res = await t.gql<{ requestVerification: { id: string; status: string } }>(token, VERIFY, { input: { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}`, sources: ['ps_hukou', 'tax'] } });
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data!.requestVerification;
    const after = (await scrape()).text;

    const moved = (series: string) => value(after, series) - value(before, series);
    expect(moved('hub_graphql_requests_total{operation="Verify",outcome="ok"}')).toBe(1);
    expect(moved('hub_graphql_request_duration_seconds_count{operation="Verify",outcome="ok"}')).toBe(1);
    expect(moved(`hub_verifications_total{outcome="${report.status}",kind="single"}`)).toBe(1);
    expect(moved('hub_source_calls_total{source="ps_hukou",status="OK"}')).toBe(1);
    expect(moved('hub_source_calls_total{source="tax",status="OK"}') + moved('hub_source_calls_total{source="tax",status="NOT_FOUND"}')).toBe(1);
    expect(moved('hub_source_call_duration_seconds_count{source="tax",status="OK"}') + moved('hub_source_call_duration_seconds_count{source="tax",status="NOT_FOUND"}')).toBe(1);
    expect(value(after, 'hub_source_calls_in_flight{source="tax"}')).toBe(0);
    // Read at the scrape: queues, circuits, the audit chains.
    expect(after).toMatch(/hub_queue_jobs\{queue="[a-z-]+",state="waiting"\} \d+/);
    expect(value(after, 'hub_source_circuit_state{source="tax"}')).toBe(0);
    expect(after).toMatch(/hub_audit_events_uncheckpointed \d+/);
    expect(after).toMatch(/hub_audit_checkpoint_age_seconds -?[\d.]+/);
    // No ID number, no report id, no household reference in any series.
    for (const m of h.members) expect(after).not.toContain(m.idNumber);
    expect(after).not.toContain(report.id);
    expect(after).not.toContain(`APP-${h.id}`);
  });

  it('counts a refusal by its code', async () => {
    const h = t.hub.sandbox!.population.households.filter((x) => x.regionCode === '370102')[1]!;
    const before = (await scrape()).text;
    // No consent registered for this household: refused.
    const res = await t.gql(token, VERIFY, { input: { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}` } });
    const code = String(res.body.errors?.[0]?.extensions?.code);
    const after = (await scrape()).text;
    expect(value(after, `hub_verification_refusals_total{code="${code}",kind="single"}`) - value(before, `hub_verification_refusals_total{code="${code}",kind="single"}`)).toBe(1);
    expect(value(after, `hub_graphql_requests_total{operation="Verify",outcome="${code}"}`) - value(before, `hub_graphql_requests_total{operation="Verify",outcome="${code}"}`)).toBe(1);
  });

  it('labels an operation whose name carries an ID number as other', async () => {
    const id = t.hub.sandbox!.population.households[0]!.members[0]!.idNumber;
    await t.gql(token, `query Q${id} { __typename }`);
    const after = (await scrape()).text;
    expect(after).not.toContain(id);
    expect(value(after, 'hub_graphql_requests_total{operation="other",outcome="ok"}')).toBeGreaterThanOrEqual(1);
  });

  it('counts the banks\' tickets while they are pending', async () => {
    const h = t.hub.sandbox!.population.households.filter((x) => x.regionCode === '370102')[2]!;
    await consent(h);
    const res = await t.gql<{ requestVerification: { id: string; status: string } }>(token, VERIFY, { input: { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}`, sources: ['ps_hukou', 'bank_icbc', 'bank_ccb'] } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.requestVerification.status).toBe('PENDING');
    const text = (await scrape()).text;
    const pending = [...text.matchAll(/^hub_source_tickets_pending\{source="(bank_[a-z]+)"\} (\d+)$/gm)].map((m) => ({ source: m[1]!, tickets: Number(m[2]) }));
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((p) => p.tickets >= 1)).toBe(true);
    expect(value(text, `hub_source_calls_total{source="${pending[0]!.source}",status="PENDING"}`)).toBeGreaterThanOrEqual(1);
  });

  it('is served by a worker process on WORKER_METRICS_PORT, behind the same token', async () => {
    const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    const worker = await startWorker(loadConfig({ ...t.env, WORKER_METRICS_PORT: '0' }), quiet);
    try {
      expect(worker.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await fetch(worker.metricsUrl!)).status).toBe(401);
      const res = await fetch(worker.metricsUrl!, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/hub_queue_jobs\{queue="verification-batches",state="waiting"\} \d+/);
      expect(text).toContain('hub_queue_job_duration_seconds');
    } finally {
      await worker.stop();
    }
  });
});
