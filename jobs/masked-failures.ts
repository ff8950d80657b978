import type { Job } from 'bullmq';
import { maskIdNumbersIn } from '../src/identity/index.js';
import { observeJob } from '../src/metrics/index.js';
import { inJobSpan } from '../src/tracing/index.js';

/**
 * Wraps a BullMQ processor so that an error it throws carries no ID number: BullMQ keeps a failed
 * job's message and stack in Redis and the queue dashboard shows them. The error keeps its class
 * (BullMQ's DelayedError and the like are recognised by it). Every job is timed here too, as every
 * worker's processor passes through (hub_queue_job_duration_seconds), in a span linked to the trace
 * of the request that submitted it (src/tracing).
 */
export function maskingFailures<T, R>(process: (job: Job<T>, token?: string) => Promise<R>): (job: Job<T>, token?: string) => Promise<R> {
  return async (job, token) => {
    try {
      return await inJobSpan(job.queueName, job.name, (job.data as { trace?: unknown } | undefined)?.trace, () => observeJob(job.queueName, () => process(job, token)));
    } catch (err) {
      if (err instanceof Error) {
        err.message = maskIdNumbersIn(err.message);
        if (err.stack) err.stack = maskIdNumbersIn(err.stack);
      }
      throw err;
    }
  };
}
