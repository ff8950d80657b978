export { upsertPersons, saveHousehold } from './store.js';
export type { PersonFacts, MemberFacts } from './store.js';
