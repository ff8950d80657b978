// Batches of households verified from the queue: submitting, chunks, progress, results, cancelling, and the
// only writes to batches and batch_items (item outcomes are recorded inside the verification's transactions).
export {
  MAX_INLINE_HOUSEHOLDS,
  MAX_FILE_HOUSEHOLDS,
  chunksOf,
  getBatch,
  batchFor,
  itemsToProcess,
  markStarted,
  finishIfDone,
  cancelBatch,
  batchProgress,
  batchResults,
  sealLegacyItems,
  purgeItemInputs,
} from './store.js';
export type { Batch, BatchHousehold } from './store.js';
export { submitBatch } from './submit.js';
export type { ChunkEnqueuer } from './submit.js';
export { markItemDone, markItemRefused, failChunkItems, requeueChunkItems } from './items.js';
