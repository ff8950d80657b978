import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import type { HubError } from '../errors/index.js';
import { upsertPersons } from '../households/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import type { VerificationInput } from './input.js';
import { batchItems, type BatchItemKey, type VerificationDeps } from './options.js';

/**
 * A refused request is recorded and audited like an allowed one: the attempt is the fact. A batch
 * item refused before (a redelivered job) is not recorded twice: its key is unique.
 */
export async function recordRefusal(deps: VerificationDeps, caller: Caller, input: VerificationInput, err: HubError, item: BatchItemKey | null): Promise<void> {
  const members = input.household?.members ?? [];
  const idNumbers = members.map((m) => checkIdNumber(String(m.idNumber))).flatMap((c) => (c.ok ? [c.value] : []));
  const code = String(err.extensions.code);
  await inTransaction(deps.db, async (trx) => {
    const [request] = await trx('verification_requests')
      .insert({
        purpose: String(input.purpose).slice(0, 64),
        application_ref: String(input.applicationRef).slice(0, 64),
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
    if (!request) return;
    if (item) await batchItems(deps).refused(trx, item, code, err.message);
    const personIds = await upsertPersons(trx, idNumbers.map((p) => ({ ...p, name: members.find((m) => m.idNumber === p.idNumber)?.name.trim() || '?' })));
    const regionCode = input.household?.regionCode;
    await appendAuditEvents(trx, [
      {
        action: 'verification.request',
        outcome: 'REFUSED',
        actor: caller,
        purpose: String(input.purpose).slice(0, 64),
        applicationRef: String(input.applicationRef).slice(0, 64),
        regionCode: /^\d{6}$/.test(regionCode) ? regionCode : null,
        requestId: request.id,
        subjectIds: [...personIds.values()],
        errorCode: code,
        details: {
          reason: err.message,
          field: err.extensions.field ?? null,
          regionCode,
          members: members.map((m) => maskIdNumber(String(m.idNumber))),
          ...(item ? { batch: item.batchId, seq: item.seq } : {}),
        },
      },
    ]);
  });
}
