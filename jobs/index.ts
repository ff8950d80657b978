export { BATCH_QUEUE, createBatchQueue, chunkJobId } from './batch-queue.js';
export type { BatchQueue, ChunkJob, QueueConnection } from './batch-queue.js';
export { startBatchWorker } from './batch-worker.js';
export type { BatchWorker, BatchWorkerOptions } from './batch-worker.js';
export { reconcileBatches } from './reconciler.js';
export { PENDING_QUEUE, createPendingQueue, startPendingWorker, reconcilePending } from './pending-queue.js';
export type { PendingGroupSource, PendingSourcesQueue } from './pending-queue.js';
export { WEBHOOK_QUEUE, createWebhookQueue, deliveryJobId, reconcileDeliveries, startWebhookWorker } from './webhook-queue.js';
export type { WebhookJob, WebhookQueue, WebhookWorker, WebhookWorkerOptions } from './webhook-queue.js';
