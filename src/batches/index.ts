export {
  MAX_INLINE_HOUSEHOLDS,
  MAX_FILE_HOUSEHOLDS,
  openBatch,
  addItems,
  sealBatch,
  discardBatch,
  chunksOf,
  getBatch,
  batchFor,
  itemsToProcess,
  markStarted,
  finishIfDone,
  cancelBatch,
  batchProgress,
  batchResults,
} from './store.js';
export type { Batch, BatchHousehold, BatchProgress, BatchResult, BatchStatus } from './store.js';
export { submitBatch } from './submit.js';
export type { ChunkEnqueuer, SubmitOptions } from './submit.js';
export { markItemDone, markItemRefused, failChunkItems, requeueChunkItems } from './items.js';
export type { BatchItemKey } from './items.js';
