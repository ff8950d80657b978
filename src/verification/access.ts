import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAuditEvents, appendAuditEventsWith, recordAuditEvents, type AuditEvent } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import type { SourcePlan } from '../broker/index.js';
import { inOneStatement, inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { HOUSEHOLD_WRITE, householdWrites, upsertPersons } from '../households/index.js';
import type { Admitted } from './admit.js';
import type { VerificationDeps } from './options.js';

/**
 * Audit before access: a look-up at the agencies is recorded, committed, before the first agency
 * is asked, as a `verification.access` event (who, whom, which sources and attributes, purpose,
 * consents) with an access id; the event that stores the result (or the refusal, or the failure)
 * names the same id in `details.access`. A hub killed in between leaves a started access that
 * nothing completes, which auditors list (docs/AUDIT.md), never an agency look-up without a trace.
 */
export const ACCESS_ACTION = 'verification.access';

/**
 * Starts the access of each admitted household (one statement for a batch chunk when the consents
 * named every person; otherwise the unknown persons recorded with it in one transaction); sets
 * `a.access`. A single verification's household and membership are recorded in the access's
 * statement (its id on `a.access.household`), so storing the report is one statement.
 */
export async function startAccess(deps: VerificationDeps, group: Admitted[], plans: readonly SourcePlan[]): Promise<void> {
  if (group.length === 0) return;
  const persons = group.flatMap((a) => [...a.v.members, ...a.v.supporters]);
  const known = new Map(group.flatMap((a) => [...a.knownPersons]));
  const single = group.length === 1 && group[0]!.item === null ? group[0]! : null;
  if (persons.every((p) => known.has(p.idNumber))) {
    const events = group.map((a) => accessStarted(a, plans, known));
    await (single ? inOneStatement(() => withHousehold(deps.db, single, events, known)) : recordAuditEvents(deps.db, events));
    return;
  }
  await inTransaction(deps.db, async (trx) => {
    // The persons are recorded with the access (the whole chunk's in one statement): an auditor finds it by ID number like any event.
    const recorded = await upsertPersons(trx, persons);
    const events = group.map((a) => accessStarted(a, plans, recorded));
    await (single ? withHousehold(trx, single, events, recorded) : appendAuditEvents(trx, events));
  });
}

/** Appends a single verification's access event in the statement that records its household. */
async function withHousehold(db: Knex, a: Admitted, events: readonly AuditEvent[], recorded: ReadonlyMap<string, string>): Promise<void> {
  const household = { regionCode: a.v.regionCode, externalRef: a.v.externalRef, members: a.v.members };
  const { written } = await appendAuditEventsWith<{ id: string }>(db, householdWrites(db, household, recorded), HOUSEHOLD_WRITE, events);
  a.access!.household = written!.id;
}

/** The STARTED event of one household's access, its id and persons set on `a.access`. */
function accessStarted(a: Admitted, plans: readonly SourcePlan[], recorded: ReadonlyMap<string, string>): AuditEvent {
  const access = randomUUID();
  const personIds = new Map([...a.v.members, ...a.v.supporters].map((p) => [p.idNumber, recorded.get(p.idNumber)!]));
  a.access = { id: access, closed: false, personIds };
  return {
    action: ACCESS_ACTION,
    outcome: 'ALLOWED',
    actor: a.caller,
    purpose: a.v.purpose,
    applicationRef: a.v.applicationRef,
    regionCode: a.v.regionCode,
    consentIds: [...new Set(a.consents.values())],
    subjectIds: [...personIds.values()],
    attributeCodes: a.codes,
    details: { access, stage: 'STARTED', sources: plans.map((p) => p.source.id), ...(a.item ? { batch: a.item.batchId, seq: a.item.seq } : {}) },
  };
}

/** The access of a retry: the report's persons, the sources asked again. Returns the access id. */
export async function startRetryAccess(deps: VerificationDeps, caller: Caller, event: Omit<AuditEvent, 'action' | 'outcome' | 'actor'>, sources: readonly string[]): Promise<string> {
  const access = randomUUID();
  await recordAuditEvents(deps.db, [{ ...event, action: ACCESS_ACTION, outcome: 'ALLOWED', actor: caller, details: { access, stage: 'STARTED', sources, retry: true } }]);
  return access;
}

/** Closes the access of a batch item stored by an earlier run: nothing new was stored or released. */
export function duplicateAccessEvent(caller: Caller, access: string): AuditEvent {
  return { action: ACCESS_ACTION, outcome: 'ALLOWED', actor: caller, details: { access, stage: 'DISCARDED', reason: 'the batch item was stored by an earlier run; these answers were dropped' } };
}

/**
 * Closes started accesses that ended in an error before their result was stored (an agency
 * client's fault, a database failure): a FAILED event with the same access id and the error code.
 */
export async function failAccess(deps: VerificationDeps, caller: Caller, accesses: readonly string[], err: unknown): Promise<void> {
  if (accesses.length === 0) return;
  const code = err instanceof HubError ? String(err.extensions.code) : 'INTERNAL_SERVER_ERROR';
  try {
    await recordAuditEvents(
      deps.db,
      accesses.map((access) => ({ action: ACCESS_ACTION, outcome: 'FAILED' as const, actor: caller, errorCode: code, details: { access, stage: 'FAILED' } })),
    );
  } catch (failure) {
    // The started events stay open, which auditors see; the original error is what the caller gets.
    deps.logger.error({ err: (failure as Error).message, accesses }, 'could not record the failed accesses');
  }
}
