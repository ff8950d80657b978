import { createHash } from 'node:crypto';
import { answeredStatus, type SourceOutcome, type SourceStatus } from '../broker/index.js';
import { canonicalJson } from '../canonical/index.js';
import type { ReportBody, ReportMember, ReportSource, ReportTicket } from '../reports/index.js';
import type { PendingGroup } from './contract.js';

/** The answer to one ticket of a pending source: records of the ticket's persons, or why none came. */
export interface TicketAnswer {
  ticket: string;
  outcome: SourceOutcome;
}

const personsOf = (body: ReportBody): ReportMember[] => [...body.members, ...body.supporters];

/**
 * A source's tickets. A report stored before a source kept one ticket per call (migration 007)
 * has a single `ticket`, which answers for every person of the household.
 */
export function ticketsOf(body: ReportBody, source: ReportSource): ReportTicket[] {
  const stored = source as Omit<ReportSource, 'tickets'> & { tickets?: ReportTicket[]; ticket?: string | null };
  if (stored.tickets) return stored.tickets;
  return stored.ticket ? [{ ticket: stored.ticket, persons: personsOf(body).map((m) => m.personId) }] : [];
}

/** The tickets of a pending source some of whose persons have no answer yet. */
export function waitingTickets(body: ReportBody, source: ReportSource): ReportTicket[] {
  if (source.status !== 'PENDING') return [];
  const answered = new Set(personsOf(body).filter((m) => source.source in m.records).map((m) => m.personId));
  return ticketsOf(body, source).filter((t) => t.persons.some((p) => !answered.has(p)));
}

/**
 * Applies answers to the tickets of one pending source of a report body, in place: each answered
 * ticket's persons get their records. The source is settled when no ticket waits any longer, or
 * at the first ticket that failed (a source is only OK when all of it answered). Returns null
 * when no answer was still awaited (another process applied it first).
 */
export function applyTicketAnswers(body: ReportBody, sourceId: string, answers: readonly TicketAnswer[], at: string): { status: SourceStatus; found: boolean } | null {
  const index = body.sources.findIndex((s) => s.source === sourceId);
  const source = body.sources[index];
  if (!source || source.status !== 'PENDING') return null;
  const waiting = new Map(waitingTickets(body, source).map((t) => [t.ticket, t]));
  const fresh = answers.filter((a) => waiting.has(a.ticket));
  if (fresh.length === 0) return null;
  const persons = personsOf(body);
  let found = false;
  let failure: { status: 'TIMEOUT' | 'UNAVAILABLE'; error: string } | null = null;
  for (const { ticket, outcome } of fresh) {
    if (outcome.status === 'OK' || outcome.status === 'NOT_FOUND') {
      const asked = new Set(waiting.get(ticket)!.persons);
      for (const m of persons.filter((p) => asked.has(p.personId))) {
        const record = outcome.records.get(m.idNumber) ?? { found: false };
        m.records[sourceId] = record;
        found ||= record.found;
      }
    } else if (outcome.status === 'TIMEOUT' || outcome.status === 'UNAVAILABLE') {
      failure = { status: outcome.status, error: outcome.error };
    }
  }
  const latencyMs = Math.max(source.latencyMs, ...fresh.map((a) => a.outcome.latencyMs));
  const tickets = ticketsOf(body, source);
  if (!failure && waitingTickets(body, source).length > 0) {
    body.sources[index] = { ...source, tickets, latencyMs };
    return { status: 'PENDING', found };
  }
  const status = failure?.status ?? answeredStatus(persons.map((m) => m.records[sourceId]));
  body.sources[index] = { ...source, tickets, status, latencyMs, error: failure?.error ?? null, answeredAt: at };
  return { status, found };
}

/** Names a group of tickets: the same tickets always give the same key (the queue job's id). */
export function groupKey(tickets: readonly { source: string; ticket: string }[]): string | null {
  if (tickets.length === 0) return null;
  const names = tickets.map((t) => `${t.source}/${t.ticket}`).sort();
  return createHash('sha256').update(canonicalJson(names)).digest('hex').slice(0, 32);
}

/** The group of pending reports sharing `key`: every ticket some of them still wait for. */
export function groupOf(bodies: readonly ReportBody[], key: string, options: { firstPollAt: number; pendingTimeoutMs: number }): PendingGroup {
  const tickets = new Map<string, { source: string; ticket: string }>();
  for (const b of bodies) for (const s of b.sources) for (const t of waitingTickets(b, s)) tickets.set(`${s.source}/${t.ticket}`, { source: s.source, ticket: t.ticket });
  const createdAt = Math.min(...bodies.map((b) => Date.parse(b.createdAt)));
  return {
    key,
    tickets: [...tickets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, t]) => t),
    reportIds: bodies.map((b) => b.id),
    giveUpAt: createdAt + options.pendingTimeoutMs,
    firstPollAt: options.firstPollAt,
  };
}
