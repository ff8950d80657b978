import { SourceError, type ConnectorSet, type FetchResult } from '../../connectors/index.js';
import { answeredStatus } from '../broker/index.js';
import type { Logger } from '../logging/index.js';
import type { PendingGroup } from './contract.js';
import type { TicketAnswer } from './settle.js';

type Ticket = PendingGroup['tickets'][number];

export interface PollOptions {
  /** How long one poll of one ticket may take. */
  callTimeoutMs: number;
  /** Length of the pending-answer wait, to report how long a ticket given up on was waited for. */
  pendingTimeoutMs: number;
  logger: Logger;
  /**
   * Asks the agency again for what a ticket it no longer knows was about (it lost or expired the
   * inquiry): its new answer, or null when that cannot be done now.
   */
  reinquire(ticket: Ticket): Promise<FetchResult | null>;
}

export interface PollRound {
  /** Answers by source, to apply to the group's reports. */
  answers: Map<string, TicketAnswer[]>;
  /** Tickets still open (a re-issued inquiry's new ticket in place of the lost one). */
  remaining: Ticket[];
  /** Tickets the agency lost, each with the ticket it issued for the new inquiry. */
  replaced: { source: string; from: string; to: string }[];
}

const done = (ticket: string, result: Extract<FetchResult, { kind: 'DONE' }>): TicketAnswer => ({
  ticket,
  outcome: { status: answeredStatus(result.records.values()), latencyMs: result.latencyMs, records: result.records },
});

async function pollOne(connectors: ConnectorSet, group: PendingGroup, t: Ticket, round: PollRound, options: PollOptions): Promise<void> {
  const connector = connectors.get(t.source);
  const add = (answer: TicketAnswer): void => void round.answers.set(t.source, [...(round.answers.get(t.source) ?? []), answer]);
  try {
    if (!connector) throw new Error(`no connector configured for ${t.source}`);
    const result = await connector.poll(t.ticket, { deadline: Date.now() + options.callTimeoutMs });
    if (result.kind === 'DONE') return add(done(t.ticket, result));
  } catch (err) {
    const unknown = err instanceof SourceError && err.code === 'TICKET_UNKNOWN';
    if (!unknown) {
      options.logger.warn({ err, source: t.source }, 'polling a pending ticket failed; will try again');
      return void round.remaining.push(t);
    }
    // Past the give-up time a new inquiry could only be timed out at once.
    if (Date.now() >= group.giveUpAt) return void round.remaining.push(t);
    const again = await options.reinquire(t).catch((e: unknown) => (options.logger.warn({ err: e, source: t.source }, 'asking again for a lost ticket failed; will try again'), null));
    if (again?.kind === 'DONE') return add(done(t.ticket, again));
    if (again?.kind === 'PENDING') {
      round.replaced.push({ source: t.source, from: t.ticket, to: again.ticket });
      return void round.remaining.push({ source: t.source, ticket: again.ticket });
    }
  }
  round.remaining.push(t);
}

/**
 * One polling round: each open ticket of the group is asked about once, in parallel. A ticket the
 * agency no longer knows is asked again as a new inquiry instead of being polled until the
 * deadline. At or after the group's give-up time, whatever is still open is answered TIMEOUT.
 */
export async function pollTickets(connectors: ConnectorSet, group: PendingGroup, options: PollOptions): Promise<PollRound> {
  const round: PollRound = { answers: new Map(), remaining: [], replaced: [] };
  await Promise.all(group.tickets.map((t) => pollOne(connectors, group, t, round, options)));
  if (Date.now() < group.giveUpAt) return round;
  const waited = Date.now() - (group.giveUpAt - options.pendingTimeoutMs);
  for (const t of round.remaining) {
    round.answers.set(t.source, [...(round.answers.get(t.source) ?? []), { ticket: t.ticket, outcome: { status: 'TIMEOUT', latencyMs: waited, error: 'no answer before the pending-answer deadline' } }]);
  }
  return { ...round, remaining: [] };
}
