// Offers: the hub's pino logger, every string passed through the ID-number mask, each line with the
// active trace's ids; and where lines go (readable at a terminal, JSON otherwise).
// Keeps: how fields, messages and errors are walked and masked.
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { logDestination } from './destination.js';
export type { LogFormat } from './destination.js';
