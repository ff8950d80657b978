export { createTestDatabase } from './database.js';
export type { TestDatabase } from './database.js';
export { startTestSandbox } from './sandbox.js';
