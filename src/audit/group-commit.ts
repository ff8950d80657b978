import type { Knex } from 'knex';
import { recordAuditEvents, type AuditEvent } from './audit-log.js';

interface Waiting {
  event: AuditEvent;
  resolve(seq: number): void;
  reject(err: unknown): void;
}

/**
 * How many group transactions may be open at once per pool. With one, a group waits for the
 * previous commit; two keep the database busy while the next group gathers, and still leave the
 * other chains to writes of reports.
 */
const IN_FLIGHT = 2;

interface Group {
  waiting: Waiting[];
  inFlight: number;
  scheduled: boolean;
}

const groups = new WeakMap<Knex, Group>();

/** One event alone, when its group's transaction failed: another event's fault must not drop it. */
function recordAlone(db: Knex, w: Waiting): void {
  recordAuditEvents(db, [w.event]).then(([seq]) => w.resolve(seq!), w.reject);
}

/** The most events one transaction carries (one statement's JSON payload). */
const MAX_GROUP = 200;

function flush(db: Knex, group: Group): void {
  group.scheduled = false;
  while (group.waiting.length > 0 && group.inFlight < IN_FLIGHT) commitGroup(db, group, group.waiting.splice(0, MAX_GROUP));
}

function commitGroup(db: Knex, group: Group, batch: Waiting[]): void {
  group.inFlight++;
  recordAuditEvents(db, batch.map((w) => w.event))
    .then(
      (seqs) => batch.forEach((w, i) => w.resolve(seqs[i]!)),
      () => batch.forEach((w) => recordAlone(db, w)),
    )
    .finally(() => {
      group.inFlight--;
      flush(db, group);
    });
}

/**
 * Records an event that stands alone (a read), committed together with the events of other
 * requests that arrive meanwhile (group commit): one transaction, one chain lock and one WAL flush
 * for the group instead of one each, which made a read's audit entry its costliest part under
 * load (issue 15). The promise settles only once the event's transaction has committed, so a
 * caller that awaits it releases nothing unaudited ("no report without its audit entry"); the
 * events of a group share a chain, consecutive sequence numbers and one `occurred_at`. A group
 * whose transaction fails is recorded again event by event, so each caller gets its own outcome.
 */
export function recordAuditEventGrouped(db: Knex, event: AuditEvent): Promise<number> {
  let group = groups.get(db);
  if (!group) {
    group = { waiting: [], inFlight: 0, scheduled: false };
    groups.set(db, group);
  }
  const g = group;
  return new Promise<number>((resolve, reject) => {
    g.waiting.push({ event, resolve, reject });
    // The events of this turn of the event loop join the group; a busy pool gathers more.
    if (!g.scheduled && g.inFlight < IN_FLIGHT) {
      g.scheduled = true;
      setImmediate(() => flush(db, g));
    }
  });
}
