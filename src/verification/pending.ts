import type { FetchResult } from '../../connectors/index.js';
import type { FetchedSources } from '../broker/index.js';
import { groupKey, groupOf, pollTickets, waitingTickets, type PendingGroup } from '../pending/index.js';
import { pendingBatchGroups, pendingBodies, pendingGroupBodies, pendingReportsByGroup, reportsHoldingTickets, type ReportBody } from '../reports/index.js';
import { completeSources, replaceTicket } from './complete.js';
import type { VerificationDeps } from './options.js';

/** The name of the tickets a fetch got, under which its reports wait (null when nothing is pending). */
export const pendingGroupOf = (fetched: FetchedSources): string | null => groupKey(fetched.tickets());

/** When the agencies said a fetch's tickets would be ready; soon, if they did not say. */
export function firstPollAt(fetched: FetchedSources): number {
  return Math.max(Date.now() + 200, fetched.readyAt()?.getTime() ?? 0);
}

/** The pending group of stored reports, as a scheduler takes it. */
export const groupFor = (deps: VerificationDeps, bodies: readonly ReportBody[], key: string, at: number): PendingGroup =>
  groupOf(bodies, key, { firstPollAt: at, pendingTimeoutMs: deps.pendingTimeoutMs });

/** Asks an agency again for what a lost ticket was about: the same persons and attributes, from the group's reports. */
async function reinquire(deps: VerificationDeps, group: PendingGroup, lost: { source: string; ticket: string }): Promise<FetchResult | null> {
  const connector = deps.connectors.get(lost.source);
  if (!connector) return null;
  const idNumbers = new Set<string>();
  let attributes: string[] = [];
  for (const body of await pendingBodies(deps.db, group.reportIds)) {
    const source = body.sources.find((s) => s.source === lost.source);
    const ticket = source && waitingTickets(body, source).find((t) => t.ticket === lost.ticket);
    if (!source || !ticket) continue;
    attributes = source.attributes;
    const idNumberOf = new Map([...body.members, ...body.supporters].map((m) => [m.personId, m.idNumber]));
    for (const p of ticket.persons) idNumbers.add(idNumberOf.get(p)!);
  }
  if (idNumbers.size === 0) return null;
  deps.logger.warn({ source: lost.source, persons: idNumbers.size }, 'the agency no longer knows a ticket it issued; asking again');
  deps.onUpstreamCall?.(lost.source, idNumbers.size);
  return connector.fetch([...idNumbers], attributes, { deadline: Date.now() + deps.requestDeadlineMs });
}

/**
 * One polling round of a group (the `PollGroup` both schedulers run): polls its open tickets,
 * records re-issued tickets, applies the answers to each report that still waits for them, and
 * returns the tickets still open.
 */
export async function pollGroup(deps: VerificationDeps, group: PendingGroup): Promise<PendingGroup['tickets']> {
  const round = await pollTickets(deps.connectors, group, {
    callTimeoutMs: deps.requestDeadlineMs,
    pendingTimeoutMs: deps.pendingTimeoutMs,
    logger: deps.logger,
    reinquire: (t) => reinquire(deps, group, t),
  });
  for (const r of round.replaced) for (const id of group.reportIds) await replaceTicket(deps, id, r.source, r.from, r.to);
  if (round.answers.size > 0) {
    // One report (a single verification): completeSources reads it under its lock anyway and does
    // nothing when no answer is for it; of a batch group's, those whose result rows hold an answered ticket.
    const answered = [...round.answers.values()].flatMap((answers) => answers.map((a) => a.ticket));
    const waiting = group.reportIds.length === 1 ? group.reportIds : await reportsHoldingTickets(deps.db, group.reportIds, answered);
    for (const id of waiting) await completeSources(deps, id, round.answers);
  }
  // Nothing left open: no report of the group can wait for anything more.
  if (round.remaining.length === 0) return [];
  // The tickets the reports still wait for, as stored: a re-issued ticket in place of a lost one,
  // and none that no report waits for any more.
  const open = await pendingBodies(deps.db, group.reportIds);
  return open.length > 0 ? groupFor(deps, open, group.key, group.firstPollAt).tickets : [];
}

/**
 * Schedules the pending groups of stored single verifications again (after a restart); batch
 * reports' groups too when no queue polls them. Returns how many reports wait.
 */
export async function resumePending(deps: VerificationDeps): Promise<number> {
  const rows = await pendingReportsByGroup(deps.db, { batch: deps.pendingQueue ? false : null });
  const groups = new Map<string, ReportBody[]>();
  for (const { group, body } of rows) {
    // Reports stored before groups were kept form a group of their own.
    const key = group ?? groupKey(body.sources.flatMap((s) => waitingTickets(body, s).map((t) => ({ source: s.source, ticket: t.ticket }))));
    if (key) groups.set(key, [...(groups.get(key) ?? []), body]);
  }
  for (const [key, bodies] of groups) await deps.inProcess.schedule(groupFor(deps, bodies, key, Date.now()));
  return rows.length;
}

/** The keys of pending batch groups whose newest report is at least `olderThanMs` old, for the reconciler. */
export const pendingGroupKeys = (deps: VerificationDeps, olderThanMs: number): Promise<string[]> => pendingBatchGroups(deps.db, olderThanMs);

/** The group of one key, rebuilt from its pending reports (null when none waits any more). */
export async function pendingGroup(deps: VerificationDeps, key: string): Promise<PendingGroup | null> {
  const bodies = await pendingGroupBodies(deps.db, key);
  return bodies.length > 0 ? groupFor(deps, bodies, key, Date.now()) : null;
}
