// Offers: the module-boundary check run by `npm test` (deep imports and folder-level cycles).
// Keeps: how imports are read (TypeScript's pre-processor) and how cycles are searched.
export { checkBoundaries, describeReport } from './check.js';
export type { BoundaryCheck, BoundaryReport } from './check.js';
