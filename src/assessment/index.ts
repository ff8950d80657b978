export { assess } from './assess.js';
export { INCOME_KINDS, NEED_TAGS, PROGRAMMES, TARGET_GROUPS } from './model.js';
export type { AssessedPerson, Assessment, AssessmentInput, Figure, IncomeKind, MemberAssessment, NeedTag, Programme, ResolvedPolicy, TargetGroup } from './model.js';
