// Offers: the regional means-test parameters: seeding, resolving a region's policy on a date, listing and saving versions.
// Keeps: the parameter schemas' details and how versions of parent regions are merged.
export { seedPolicies, resolvePolicy, policyFromVersions, listPolicyVersions, savePolicy } from './store.js';
export { HEALTH_CATEGORIES, HARDSHIP_FACTORS, RIGID_EXPENDITURE_KINDS, SUPPORT_EXEMPTIONS, SUPPORT_RAISERS, policyParametersSchema } from './model.js';
export type { HealthCategory, HardshipFactor, PolicyParameters, ResolvedPolicy, RigidExpenditureKind, SupportExemption, SupportRaiser, VetoClause, HouseholdMeasure } from './model.js';
export { CARE_LEVELS, INCREMENT_GROUPS, VETO_OUTCOMES } from './programmes.js';
export type { BenefitParameters, CareLevel, ProgrammeParameters, VetoOutcome } from './programmes.js';
export { assessmentRules, RULE_DEFAULTS, URGENCY_COLOURS, HARDSHIP_GROUPS } from './rules.js';
export type { AssessmentRules, AttributeTest, Comparison, Condition, HardshipGroup, HardshipIndex, HardshipItem, MemberTest, Reference, RuleFigure, Scoring, UrgencyColour } from './rules.js';
export { AMOUNT_TOLERANCE_KINDS, STATUS_TOLERANCE_KINDS, SEVERITIES, TOLERANCE_DEFAULTS, discrepancyTolerances } from './tolerances.js';
export type { AmountTolerance, AmountToleranceKind, DiscrepancyTolerances, Severity, StatusToleranceKind } from './tolerances.js';
