// Offers: objections (复核) to one value of a report: raising one with evidence, a second person's review (an accepted one stores the report's new signed version), listing a report's.
// Keeps: the objections table (the only writer), input checks, how an override is written into a report body.
export { raiseObjection, reviewObjection, listObjections } from './objections.js';
export { regionOfObjection } from './region.js';
export type { Objection, ObjectionDeps, Reviewed } from './objections.js';
export type { Decision, Evidence, ObjectionInput } from './input.js';
export type { ObjectionStatus } from './store.js';
