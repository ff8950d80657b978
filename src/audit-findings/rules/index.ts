import type { FindingRule } from '../model.js';
import { applicationRefReused, lookupWithoutApplication } from './applications.js';
import { bulkReads, outsideCaseload } from './caseload.js';
import { personManyActors, repeatedOverrides } from './persons.js';
import { relativeLookup } from './relatives.js';
import type { Rule } from './rule.js';
import { consentQuickUseElsewhere, offHours, refusalSpike } from './timing.js';

export type { Rule, RuleContext } from './rule.js';
export { surnameOf } from './relatives.js';

/** Every rule, in the order FINDING_RULES lists them (typed over the list: a rule without code does not compile). */
const BY_NAME: Record<FindingRule, Rule> = {
  LOOKUP_WITHOUT_APPLICATION: lookupWithoutApplication,
  APPLICATION_REF_REUSED: applicationRefReused,
  OUTSIDE_CASELOAD: outsideCaseload,
  PERSON_MANY_ACTORS: personManyActors,
  OFF_HOURS: offHours,
  BULK_READS: bulkReads,
  RELATIVE_LOOKUP: relativeLookup,
  REFUSAL_SPIKE: refusalSpike,
  CONSENT_QUICK_USE_ELSEWHERE: consentQuickUseElsewhere,
  REPEATED_OVERRIDES: repeatedOverrides,
};

export const RULES: readonly Rule[] = Object.values(BY_NAME);
