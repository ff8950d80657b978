// Offers: persons and households (stored, looked up within a caller's jurisdiction), their current assessment status, ranking and report history.
// Keeps: the SQL over persons, households, household_members and household_assessments; ranking cursors.
export { upsertPersons, saveHousehold } from './store.js';
export type { MemberFacts } from './store.js';
export { recordAssessment, householdStatus, rankHouseholds } from './status.js';
export type { HouseholdStatus, RankingFilter } from './status.js';
export { externalRefs, idNumbers, reportHistory, visibleHousehold, visiblePerson } from './lookups.js';
