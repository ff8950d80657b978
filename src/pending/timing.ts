import type { PendingGroup } from './contract.js';

/** The wait after the first round that left tickets open; it doubles each round up to the cap. */
export const FIRST_STEP_MS = 500;
/** Banks answer in hours to days: polling more often than once a minute gains nothing. */
export const LONGEST_STEP_MS = 60_000;

/**
 * When a group whose round left tickets open (or failed) is polled next, and the step after that:
 * the step doubles from FIRST_STEP_MS to LONGEST_STEP_MS, and a wait that would pass the give-up
 * time is cut short to it, so a group is settled TIMEOUT when its deadline passes. After the
 * give-up time (a round there failed) the full step applies again: never a busy loop.
 */
export function nextPoll(group: Pick<PendingGroup, 'giveUpAt'>, stepMs: number, now: number): { at: number; stepMs: number } {
  const at = now < group.giveUpAt ? Math.min(now + stepMs, group.giveUpAt) : now + stepMs;
  return { at, stepMs: Math.min(stepMs * 2, LONGEST_STEP_MS) };
}
