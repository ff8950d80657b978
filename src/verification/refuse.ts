import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import type { HubError } from '../errors/index.js';
import { upsertPersons } from '../households/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import { refusals, verifications } from '../metrics/index.js';
import { checkText, printable } from '../validation/index.js';
import { MAX_MEMBERS, type VerificationInput } from './input.js';
import { batchItems, type BatchItemKey, type VerificationDeps } from './options.js';

/**
 * A refused request is recorded and audited like an allowed one: the attempt is the fact. A batch
 * item refused before (a redelivered job) is not recorded twice: its key is unique.
 */
/** Members listed (masked) in a refusal's audit details: at most this many, the rest counted (a refused list may hold 1,000,000). */
const RECORDED_MEMBERS = 30;
const MAX_REASON = 500;

/** A member's name as it may be stored: one that passes the input rule (1 to 50 characters, no control characters), else null. */
function storableName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const trimmed = name.trim();
  try {
    return trimmed.length >= 1 && trimmed.length <= 50 ? checkText(trimmed, 'name', 50) : null;
  } catch {
    return null;
  }
}

/**
 * The persons a refusal names (the audit event's subjects): only members of a list within the
 * limit whose ID number is valid and whose name passes the input rule. Nothing else of an
 * unchecked request is stored: a refused list of 1,000 members stores none of them.
 */
function storablePersons(members: readonly unknown[]) {
  // An over-long list is refused as a whole: none of its persons is recorded.
  if (members.length > MAX_MEMBERS) return [];
  return members.flatMap((m) => {
    const { idNumber, name } = (m ?? {}) as { idNumber?: unknown; name?: unknown };
    const id = typeof idNumber === 'string' && idNumber.length <= 32 ? checkIdNumber(idNumber) : null;
    const stored = storableName(name);
    return id?.ok && stored !== null ? [{ ...id.value, name: stored }] : [];
  });
}

export async function recordRefusal(deps: VerificationDeps, caller: Caller, input: VerificationInput, err: HubError, item: BatchItemKey | null, auditDetails: Record<string, unknown> = {}): Promise<void> {
  const members: unknown[] = Array.isArray(input.household?.members) ? input.household.members : [];
  const persons = storablePersons(members);
  const code = String(err.extensions.code);
  const reason = printable(err.message, MAX_REASON);
  const recorded = await inTransaction(deps.db, async (trx) => {
    const [request] = await trx('verification_requests')
      .insert({
        purpose: printable(input.purpose, 64),
        application_ref: printable(input.applicationRef, 64),
        requester_sub: caller.sub,
        requester_org: caller.org,
        requester_roles: caller.roles,
        status: 'REFUSED',
        error_code: code,
        batch_id: item?.batchId ?? null,
        batch_seq: item?.seq ?? null,
      })
      .onConflict(['batch_id', 'batch_seq'])
      .ignore()
      .returning('id');
    if (!request) return false;
    if (item) await batchItems(deps).refused(trx, item, code, reason);
    // Persons first seen in a refusal are recorded as the audit event's subjects (never renamed later).
    const personIds = await upsertPersons(trx, persons);
    const regionCode = typeof input.household?.regionCode === 'string' && /^\d{6}$/.test(input.household.regionCode) ? input.household.regionCode : null;
    await appendAuditEvents(trx, [
      {
        action: 'verification.request',
        outcome: 'REFUSED',
        actor: caller,
        purpose: printable(input.purpose, 64),
        applicationRef: printable(input.applicationRef, 64),
        regionCode,
        requestId: request.id,
        subjectIds: [...personIds.values()],
        errorCode: code,
        details: {
          reason,
          field: typeof err.extensions.field === 'string' ? printable(err.extensions.field, 200) : null,
          regionCode: regionCode ?? (input.household?.regionCode === undefined ? null : printable(input.household.regionCode, 12)),
          members: members.slice(0, RECORDED_MEMBERS).map((m) => maskIdNumber(printable((m as { idNumber?: unknown } | null)?.idNumber, 32))),
          ...(members.length > RECORDED_MEMBERS ? { membersNotListed: members.length - RECORDED_MEMBERS } : {}),
          ...(item ? { batch: item.batchId, seq: item.seq } : {}),
          // Facts for auditors only (a residence check's flag and findings); never in the client's error.
          ...auditDetails,
        },
      },
    ]);
    return true;
  });
  // Counted once stored: a redelivered batch item refused again is not a second refusal.
  if (!recorded) return;
  const kind = item ? 'batch' : 'single';
  verifications.inc({ outcome: 'REFUSED', kind });
  refusals.inc({ code, kind });
}
