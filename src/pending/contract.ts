/**
 * The tickets one verification, or one batch chunk, got from the asynchronous sources (banks),
 * polled together: one round asks the agencies about every ticket still open and applies the
 * answers to every report of the group.
 */
export interface PendingGroup {
  /** Stable for the same tickets (a hash of them): the same group scheduled twice is one group. */
  key: string;
  tickets: { source: string; ticket: string }[];
  reportIds: string[];
  /** Epoch ms: tickets not answered by then are recorded TIMEOUT. */
  giveUpAt: number;
  /** Epoch ms of the first poll: when the agencies said the answers would be ready. */
  firstPollAt: number;
}

/**
 * One polling round of a group: asks the agencies about its tickets once, applies what answered,
 * and returns the tickets still open. At or after `giveUpAt` it records the open ones TIMEOUT and
 * returns none. Applying is idempotent: an answer already applied to a report is not applied again.
 */
export type PollGroup = (group: PendingGroup) => Promise<PendingGroup['tickets']>;

/**
 * Decides when pending groups are polled, and polls them through a `PollGroup` until no ticket is
 * open. Two adapters implement it: in-process timers (single verifications) and a BullMQ delayed
 * queue (batch chunks, shared by every worker process). Both pass test/pending/scheduler-conformance.test.ts.
 *
 * @remarks
 * A scheduler owns time and deduplication only: it polls a group first at `firstPollAt`, then
 * after the waits `nextPoll` gives (doubling to a cap, never past `giveUpAt`), passing each round
 * only the tickets the previous round left open, and schedules a key that is already scheduled
 * once. It does not talk to agencies, read or write reports, or decide what an answer means: the
 * `PollGroup` does. A round that fails (the database or an agency down) is tried again after the
 * next wait with the same tickets: a scheduler never drops a group while tickets are open. It does
 * not persist groups: PostgreSQL holds the pending reports, from which groups are rebuilt after a
 * restart (`resumePending`) or a loss of Redis (the reconciler).
 */
export interface PendingScheduler {
  schedule(group: PendingGroup): Promise<void>;
  /** Stops polling; groups in hand finish their round, open tickets stay open in PostgreSQL. */
  close(): Promise<void>;
}
