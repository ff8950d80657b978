export { createTestDatabase } from './database.js';
export type { TestDatabase } from './database.js';
export { startTestSandbox } from './sandbox.js';
export { until } from './until.js';
export { batchItem } from './batch-items.js';
