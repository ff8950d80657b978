export { startHub, startWorker, StartupError } from './start-hub.js';
export type { RunningHub, RunningWorker } from './start-hub.js';
export { checkRedis, RedisUnavailableError } from './redis-check.js';
