export { seedPolicies, resolvePolicy, policyFromVersions, listPolicyVersions, savePolicy } from './store.js';
export { HEALTH_CATEGORIES, HARDSHIP_FACTORS, HOUSEHOLD_MEASURES, RIGID_EXPENDITURE_KINDS, policyParametersSchema, policyOverrideSchema } from './model.js';
export type { HealthCategory, HardshipFactor, PolicyParameters, PolicyOverride, PolicyVersion, ResolvedPolicy, RigidExpenditureKind, VetoClause, HouseholdMeasure } from './model.js';
