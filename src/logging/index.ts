// Offers: the hub's pino logger, every string passed through the ID-number mask.
// Keeps: how fields, messages and errors are walked and masked.
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
