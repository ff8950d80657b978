import type { PendingGroup } from './contract.js';

/** The wait after the first round that left tickets open; it doubles each round up to the cap. */
export const FIRST_STEP_MS = 500;
/** Banks answer in hours to days: polling more often than once a minute gains nothing. */
export const LONGEST_STEP_MS = 60_000;

/**
 * When a group whose round left tickets open is polled next, and the step after that: the step
 * doubles from FIRST_STEP_MS to LONGEST_STEP_MS (never a busy loop), and the give-up time is
 * never overshot, so a group is settled TIMEOUT when its deadline passes.
 */
export function nextPoll(group: Pick<PendingGroup, 'giveUpAt'>, stepMs: number, now: number): { at: number; stepMs: number } {
  return { at: Math.min(now + stepMs, Math.max(now, group.giveUpAt)), stepMs: Math.min(stepMs * 2, LONGEST_STEP_MS) };
}
