import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

interface Schedule {
  id: string;
  regionCode: string;
  cron: string;
  active: boolean;
  timeZone: string;
}

const FIELDS = 'id regionCode cron active timeZone';
const jobScheduler = (id: string) => t.hub.batchQueue.queue.getJobScheduler(`review-${id}`);

describe('review schedules: time zone, pause, resume, delete', () => {
  it("reads the cron in the region's time zone by default or the one given, pauses, resumes and deletes it, audited", async () => {
    const admin = await t.token(['admin'], '370100', 'jinan-admin');
    const made = await t.gql<{ scheduleReview: Schedule }>(admin, `mutation { scheduleReview(regionCode: "370102", cron: "0 2 1 * *", purpose: PERIODIC_REVIEW) { ${FIELDS} } }`);
    expect(made.body.data?.scheduleReview).toMatchObject({ regionCode: '370102', active: true, timeZone: 'Asia/Shanghai' });
    const id = made.body.data!.scheduleReview.id;
    expect(await jobScheduler(id)).toMatchObject({ pattern: '0 2 1 * *', tz: 'Asia/Shanghai' });

    const moved = await t.gql<{ scheduleReview: Schedule }>(admin, `mutation { scheduleReview(regionCode: "370102", cron: "0 3 1 * *", purpose: PERIODIC_REVIEW, timeZone: "Asia/Urumqi") { ${FIELDS} } }`);
    expect(moved.body.data?.scheduleReview).toMatchObject({ id, cron: '0 3 1 * *', timeZone: 'Asia/Urumqi' });
    expect(await jobScheduler(id)).toMatchObject({ pattern: '0 3 1 * *', tz: 'Asia/Urumqi' });

    const paused = await t.gql<{ pauseReviewSchedule: Schedule }>(admin, `mutation($id: ID!) { pauseReviewSchedule(id: $id) { ${FIELDS} } }`, { id });
    expect(paused.body.data?.pauseReviewSchedule.active).toBe(false);
    expect(await jobScheduler(id)).toBeUndefined();

    const resumed = await t.gql<{ resumeReviewSchedule: Schedule }>(admin, `mutation($id: ID!) { resumeReviewSchedule(id: $id) { ${FIELDS} } }`, { id });
    expect(resumed.body.data?.resumeReviewSchedule.active).toBe(true);
    expect(await jobScheduler(id)).toMatchObject({ pattern: '0 3 1 * *', tz: 'Asia/Urumqi' });

    const deleted = await t.gql<{ deleteReviewSchedule: boolean }>(admin, 'mutation($id: ID!) { deleteReviewSchedule(id: $id) }', { id });
    expect(deleted.body.data?.deleteReviewSchedule).toBe(true);
    expect(await jobScheduler(id)).toBeUndefined();
    const left = await t.gql<{ reviewSchedules: Schedule[] }>(admin, '{ reviewSchedules(regionCode: "370102") { id } }');
    expect(left.body.data?.reviewSchedules).toEqual([]);

    const actions = (await t.hub.db('audit_events').where({ actor_sub: 'jinan-admin' }).orderBy('seq').select('action')).map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['review.schedule', 'review.pause', 'review.resume', 'review.delete']));
  });

  it('refuses an unknown time zone, an unknown schedule and a schedule outside the jurisdiction, naming the field', async () => {
    const admin = await t.token(['admin'], '370100');
    const badZone = await t.gql(admin, 'mutation { scheduleReview(regionCode: "370102", cron: "0 2 1 * *", purpose: PERIODIC_REVIEW, timeZone: "Mars/Olympus") { id } }');
    expect(badZone.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'timeZone' } });

    const unknown = await t.gql(admin, 'mutation { pauseReviewSchedule(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(unknown.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });

    const made = await t.gql<{ scheduleReview: Schedule }>(admin, 'mutation { scheduleReview(regionCode: "370103", cron: "0 2 1 * *", purpose: PERIODIC_REVIEW) { id } }');
    const nanjing = await t.token(['admin'], '320100');
    const foreign = await t.gql(nanjing, 'mutation($id: ID!) { deleteReviewSchedule(id: $id) }', { id: made.body.data!.scheduleReview.id });
    expect(foreign.body.errors?.[0]).toMatchObject({ extensions: { code: 'OUT_OF_JURISDICTION', field: 'id' } });
    const verifier = await t.token(['verifier'], '370100');
    const notAdmin = await t.gql(verifier, 'mutation($id: ID!) { deleteReviewSchedule(id: $id) }', { id: made.body.data!.scheduleReview.id });
    expect(notAdmin.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
