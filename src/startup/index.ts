// Offers: startHub and startWorker (everything `npm start` and `npm run worker` start, in order, and stop in reverse), the start-up errors, sealing rows stored before encryption at rest, and the start-up lines saying where to go.
// Keeps: the order of the steps, the Redis check and how each step names the variable it depends on.
export { startHub, startWorker, StartupError } from './start-hub.js';
export type { RunningHub } from './start-hub.js';
export { RedisUnavailableError } from './redis-check.js';
export { sealLegacyRows } from './legacy-rows.js';
export { logWhereToGo } from './where-to-go.js';
