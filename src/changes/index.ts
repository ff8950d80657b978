// Offers: change detection between two reports of a household, and the stored change events with their listing.
// Keeps: which categories count as income, how values are compared and the page size.
export { CHANGE_KINDS, conclusionChange, detectChanges, isChangeKind } from './detect.js';
export { describeChange } from './describe.js';
export type { ChangeKind, DetectedChange } from './detect.js';
export { listChanges, openChangeDetails, previousReport, purgeChangeDetails, recordChanges, sealLegacyChanges } from './store.js';
export type { ChangeDetails, ChangeEvent } from './store.js';
