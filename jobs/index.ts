// Offers: the BullMQ queues and workers (batch chunks, pending-source polls, webhook deliveries) and their reconcilers.
// Keeps: job ids, job data and retry options; PostgreSQL stays the truth each queue is rebuilt from.
export { createBatchQueue } from './batch-queue.js';
export type { BatchQueue } from './batch-queue.js';
export { startBatchWorker } from './batch-worker.js';
export { createPendingQueue, startPendingWorker } from './pending-queue.js';
export type { PendingSourcesQueue } from './pending-queue.js';
export { createWebhookQueue, reconcileDeliveries, startWebhookWorker } from './webhook-queue.js';
export type { WebhookQueue, WebhookWorker } from './webhook-queue.js';
