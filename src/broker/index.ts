// The fetch plan (attribute codes grouped by source) and the fetch itself: one DataLoader per source, so
// a household or a batch chunk costs the fewest upstream calls. Keeps the loaders and the per-person answers.
export { planSources } from './plan.js';
export type { SourcePlan } from './plan.js';
export { answeredStatus, createBroker } from './fetch.js';
export type { FetchedSources, SourceOutcome, SourceStatus } from './fetch.js';
