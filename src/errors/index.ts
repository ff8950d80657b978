export { HubError, ERROR_CODES } from './hub-error.js';
export type { ErrorCode } from './hub-error.js';
export { ConfigError } from './config-error.js';
