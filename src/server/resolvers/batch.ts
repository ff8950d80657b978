import { recordAuditEvents } from '../../audit/index.js';
import { batchFor, batchResults, cancelBatch, MAX_INLINE_HOUSEHOLDS, submitBatch, type BatchHousehold } from '../../batches/index.js';
import { HubError } from '../../errors/index.js';
import type { ResolverDeps } from './deps.js';
import { actionOf, guarded } from './guard.js';
import { requirePageSize } from './inputs.js';
import { batchView } from './views/batch.js';

function batchResultsField(deps: ResolverDeps) {
  return guarded('batchResults', deps, async (caller, args: { id: string; first: number; after: number }) => {
    const batch = await batchFor(deps.db, caller, args.id);
    requirePageSize(args.first, 1_000);
    const items = await batchResults(deps.db, batch.id, args.first, Math.max(0, args.after));
    await recordAuditEvents(deps.db, [{ action: actionOf('batchResults'), outcome: 'ALLOWED', actor: caller, details: { batch: batch.id, after: args.after, returned: items.length } }]);
    return { items, nextAfter: items.length === args.first ? items.at(-1)!.seq : null };
  });
}

interface SubmitArgs {
  purpose: string;
  households: BatchHousehold[];
  chunkSize?: number | null;
}

function submitBatchField(deps: ResolverDeps) {
  return guarded('submitBatch', deps, async (caller, args: SubmitArgs) => {
    if (args.households.length > MAX_INLINE_HOUSEHOLDS) {
      throw new HubError('BAD_USER_INPUT', `households: at most ${MAX_INLINE_HOUSEHOLDS} inline; submit larger batches with the batch CLI`, { field: 'households' });
    }
    const id = await submitBatch(deps.db, deps.batches.queue, caller, args.households, { purpose: args.purpose, chunkSize: args.chunkSize ?? deps.batches.chunkSize, limit: MAX_INLINE_HOUSEHOLDS });
    return batchView(deps.db, await batchFor(deps.db, caller, id));
  });
}

function cancelBatchField(deps: ResolverDeps) {
  return guarded('cancelBatch', deps, async (caller, args: { id: string }) => {
    const batch = await batchFor(deps.db, caller, args.id);
    const cancelled = await cancelBatch(deps.db, batch.id);
    await recordAuditEvents(deps.db, [{ action: actionOf('cancelBatch'), outcome: 'ALLOWED', actor: caller, details: { batch: batch.id, householdsCancelled: cancelled } }]);
    return batchView(deps.db, await batchFor(deps.db, caller, batch.id));
  });
}

/** batch.graphql: inline batches, their progress, results and cancellation. */
export function batchResolvers(deps: ResolverDeps) {
  return {
    Query: {
      batch: guarded('batch', deps, async (caller, args: { id: string }) => batchView(deps.db, await batchFor(deps.db, caller, args.id))),
      batchResults: batchResultsField(deps),
    },
    Mutation: { submitBatch: submitBatchField(deps), cancelBatch: cancelBatchField(deps) },
  };
}
