export { upsertPersons, saveHousehold } from './store.js';
export type { PersonFacts, MemberFacts } from './store.js';
export { recordAssessment, householdStatus, rankHouseholds } from './status.js';
export type { HouseholdStatus, RankingFilter, RankedPage } from './status.js';
