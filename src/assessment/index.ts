// Offers: assess(), the pure means test of a household under a resolved policy, and its result types.
// Keeps: how records are read, income, labour capacity, assets, programmes, circles and hardship are worked out.
export { assess } from './assess.js';
export { monthly } from './read.js';
export type { AssessedPerson, Assessment, AssessmentInput, Figure, Programme } from './model.js';
