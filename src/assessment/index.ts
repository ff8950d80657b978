// Offers: assess(), the pure means test of a household under a resolved policy, and its result types.
// Keeps: how records are read, income, labour capacity, assets, programmes, circles and hardship are worked out.
export { assess } from './assess.js';
export { eachFigure, markProvisional, meansTestAttributes, meansTestSources } from './completeness.js';
export { ASSISTANCE_PAYMENTS, NOT_MEMBER_INCOME, READ_AS, SAME_PAYMENT, byCategory, monthly, paymentOf, readCategory } from './read.js';
export { storedAssessment } from './stored.js';
export { PROGRAMMES, CONCLUSIONS } from './model.js';
export type { AssessedPerson, Assessment, AssessmentInput, Benefit, Conclusion, FiredVeto, Figure, Ground, MissingSource, Programme, ProgrammeConclusion } from './model.js';
export { rescoreHardship } from './hardship.js';
export { eligibleProgrammes, isEligible } from './screening.js';
export type { AssistanceGiven, Hardship, HardshipContribution, LegacyHardship } from './hardship.js';
export type { SpecialGroupMatch, UrgencyResult } from './screening.js';
