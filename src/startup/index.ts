export { startHub, StartupError } from './start-hub.js';
export type { RunningHub } from './start-hub.js';
export { checkRedis, RedisUnavailableError } from './redis-check.js';
