// Offers: persons and households (stored, looked up within a caller's jurisdiction), their current assessment status, ranking and report history, and the assistance recorded as given to them.
// Keeps: the SQL over persons, households, household_members, household_assessments and assistance_records; ranking cursors.
export { upsertPersons, saveHousehold, householdWrites, HOUSEHOLD_WRITE, idNumberHashes, personIdNumber, sealLegacyPersons } from './store.js';
export type { HouseholdFacts, MemberFacts } from './store.js';
export { recordAssessment, householdStatus, exclusionZhOf, statusExclusionZh } from './status.js';
export type { HouseholdStatus } from './status.js';
export { rankHouseholds } from './ranking.js';
export type { RankingFilter } from './ranking.js';
export { ASSISTANCE_PROGRAMMES, assistanceRecords, recordAssistance } from './assistance.js';
export type { AssistanceRecord } from './assistance.js';
export { externalRefs, idNumbers, reportHistory, searchHouseholds, visibleHousehold, visiblePerson } from './lookups.js';
export type { HouseholdSearch } from './lookups.js';
export { regionOfHousehold, regionOfReport } from './regions.js';
export { householdMates } from './relatives.js';
export { deletePersons, refusedOnlyPersons } from './retention.js';
export type { RefusedOnlyPerson } from './retention.js';
