export { assess } from './assess.js';
export { monthly } from './read.js';
export { INCOME_KINDS, NEED_TAGS, PROGRAMMES, TARGET_GROUPS } from './model.js';
export type { AssessedPerson, Assessment, AssessmentInput, Figure, IncomeKind, MemberAssessment, NeedTag, Programme, TargetGroup } from './model.js';
