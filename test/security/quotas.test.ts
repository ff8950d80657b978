import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createQuotas } from '../../src/quotas/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let t: TestHub;
let redis: Redis;
beforeAll(async () => {
  t = await startTestHub({ QUOTA_REQUESTS_PER_SECOND: '3', QUOTA_ORG_VERIFICATIONS_PER_MINUTE: '1', BATCH_MAX_BYTES: '2048' });
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await t?.stop();
});

const catalogQuery = '{ sources { id } }';
const refusals = (sub: string) => t.hub.db('audit_events').where({ actor_sub: sub, action: 'quota.exceeded' }).orderBy('seq').select('outcome', 'error_code', 'details');

describe('quotas', () => {
  it('answers 429 with Retry-After past the per-token rate, audits it once, and leaves other tokens alone', async () => {
    const token = await t.token(['verifier'], '370102', 'flooder');
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: catalogQuery }) });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.text();
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused!.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'requestsPerSecond' } }] });
    expect(await refusals('flooder')).toEqual([expect.objectContaining({ outcome: 'REFUSED', error_code: 'RATE_LIMITED', details: expect.objectContaining({ limit: 'requestsPerSecond' }) })]);
    const other = await t.gql(await t.token(['verifier'], '370102', 'neighbour'), catalogQuery);
    expect(other.status).toBe(200);
    // Keys live under this hub's own prefix.
    expect(await redis.keys(`${t.env.QUEUE_PREFIX}:quota:rps:*`)).not.toHaveLength(0);
  });

  it('limits verifications per organisation per minute (429, RATE_LIMITED) before any agency is asked', async () => {
    const token = await t.token(['verifier'], '620702', 'verifier-620702');
    const input = { purpose: 'NEW_APPLICATION', applicationRef: 'Q-1', household: { regionCode: '620702', externalRef: 'Q-1', members: [{ idNumber: '370102198001010016', name: 'Test', relation: 'HEAD' }] } };
    const query = 'mutation($i: VerificationInput!) { requestVerification(input: $i) { id } }';
    const first = await t.gql(token, query, { i: input });
    expect(first.body.errors?.[0]?.extensions?.code).not.toBe('RATE_LIMITED');
    const second = await t.gql(token, query, { i: input });
    expect(second.status).toBe(429);
    expect(second.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'orgVerificationsPerMinute' });
  });

  it('caps an uploaded batch in bytes, declared or streamed: 413 naming the limit, nothing queued', async () => {
    const token = await t.token(['verifier'], '370103', 'uploader');
    const line = `${JSON.stringify({ applicationRef: 'B', household: { regionCode: '370103', externalRef: 'B', members: [{ idNumber: '370102198001010016', name: 'Test', relation: 'HEAD' }] } })}\n`;
    const body = line.repeat(Math.ceil(5_000 / line.length));
    const url = t.url.replace('/graphql', '/batches?purpose=NEW_APPLICATION');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' };
    const declared = await fetch(url, { method: 'POST', headers, body });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'body', message: expect.stringContaining('2048 bytes') } });
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < body.length; i += 500) c.enqueue(new TextEncoder().encode(body.slice(i, i + 500)));
        c.close();
      },
    });
    const streamed = await fetch(url, { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(Number((await t.hub.db('batches').where({ requester_sub: 'uploader' }).count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('refuses a re-check schedule firing more often than the minimum interval, naming cron', async () => {
    const admin = await t.token(['admin'], '370100', 'scheduler');
    const often = await t.gql(admin, 'mutation { scheduleReview(regionCode: "370102", cron: "*/5 * * * *", purpose: PERIODIC_REVIEW) { id } }');
    expect(often.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cron' });
    expect(often.body.errors?.[0]?.message).toMatch(/5 min.*1 h/);
    const twiceAnHour = await t.gql(admin, 'mutation { scheduleReview(regionCode: "370102", cron: "0,30 2 * * *", purpose: PERIODIC_REVIEW) { id } }');
    expect(twiceAnHour.body.errors?.[0]?.extensions).toMatchObject({ field: 'cron' });
    const nightly = await t.gql(admin, 'mutation { scheduleReview(regionCode: "370102", cron: "0 2 * * *", purpose: PERIODIC_REVIEW) { id } }');
    expect(nightly.body.errors).toBeUndefined();
  });
});

describe('concurrent verifications per organisation', () => {
  it('refuses one more than the limit while they run, across quota instances sharing Redis', async () => {
    const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    const limits = { requestsPerSecond: 100, orgRequestsPerSecond: 100, orgVerificationsPerMinute: 100, orgConcurrentVerifications: 1, orgBatchesPerMinute: 10 };
    const options = { redis, prefix: `${t.env.QUEUE_PREFIX}-conc`, limits, db: t.hub.db, logger: quiet };
    const [a, b] = [createQuotas(options), createQuotas(options)];
    const c: Caller = { sub: 'conc', org: '370104', roles: ['verifier'], issuer: 'test', tokenId: null };
    let finish!: () => void;
    const running = a.around('verification', c, 'test', () => new Promise<void>((r) => (finish = r)));
    await new Promise((r) => setTimeout(r, 50));
    await expect(b.around('verification', c, 'test', async () => 'second')).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'orgConcurrentVerifications', retryAfterSeconds: 1 } });
    finish();
    await running;
    await expect(b.around('verification', c, 'test', async () => 'third')).resolves.toBe('third');
  });
});

describe('request rates per token and per organisation', () => {
  it('checks both in one step: a refusal by the organisation names it and uses up nothing of the token', async () => {
    const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    const limits = { requestsPerSecond: 2, orgRequestsPerSecond: 3, orgVerificationsPerMinute: 100, orgConcurrentVerifications: 5, orgBatchesPerMinute: 10 };
    const quotas = createQuotas({ redis, prefix: `${t.env.QUEUE_PREFIX}-rates`, limits, db: t.hub.db, logger: quiet });
    const caller = (sub: string): Caller => ({ sub, org: '370105', roles: ['verifier'], issuer: 'test', tokenId: null });
    const tokenBucket = (sub: string) => redis.get(`${t.env.QUEUE_PREFIX}-rates:quota:rps:token:${createHash('sha256').update(`test\n${sub}`).digest('base64url').slice(0, 22)}`);
    // The organisation's 3 per second go to two tokens; the second token's next is the organisation's 4th.
    expect(await quotas.request(caller('rates-a'), 'x', 'test')).toBeNull();
    expect(await quotas.request(caller('rates-a'), 'x', 'test')).toBeNull();
    expect(await quotas.request(caller('rates-a'), 'x', 'test')).toMatchObject({ limit: 'requestsPerSecond' });
    expect(await quotas.request(caller('rates-b'), 'x', 'test')).toBeNull();
    const afterOne = await tokenBucket('rates-b');
    expect(afterOne).not.toBeNull();
    expect(await quotas.request(caller('rates-b'), 'x', 'test')).toMatchObject({ limit: 'orgRequestsPerSecond', retryAfterSeconds: 1 });
    // Refused by the organisation, token b's own bucket was not charged.
    expect(await tokenBucket('rates-b')).toBe(afterOne);
  });
});
