export { CHANGE_KINDS, CHANGE_INCOME_CATEGORIES, detectChanges, isChangeKind } from './detect.js';
export type { ChangeKind, ChangeValue, DetectOptions, DetectedChange } from './detect.js';
export { MAX_CHANGES_PAGE, listChanges, previousReport, recordChanges } from './store.js';
export type { ChangeDetails, ChangeEvent, ChangePage, RecordChangesInput } from './store.js';
