import { DelayedError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { maskingFailures } from '../../jobs/masked-failures.js';

const job = {} as Job<unknown>;

describe('queue failures kept in Redis', () => {
  it('carry no ID number in their message or stack', async () => {
    const failing = maskingFailures(async () => {
      throw new TypeError('no consent for 370102198001011234');
    });
    const err = (await failing(job).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('no consent for 370102********1234');
    expect(err.stack).not.toContain('370102198001011234');
  });

  it("keep BullMQ's own control errors as they are", async () => {
    const delayed = maskingFailures(async () => {
      throw new DelayedError();
    });
    await expect(delayed(job)).rejects.toBeInstanceOf(DelayedError);
    await expect(maskingFailures(async () => 7)(job)).resolves.toBe(7);
  });
});
