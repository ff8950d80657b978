import type { Condition } from './labour.js';
import type { AssessedPerson, Figure, IncomeKind, MemberAssessment } from './model.js';
import type { SupporterAssessment } from './support.js';

/** A member as the assessment works on it, before rounding. */
export interface MemberWork {
  person: AssessedPerson;
  condition: Condition;
  coefficient: Figure;
  income: Partial<Record<IncomeKind, Figure>>;
  rigid: MemberAssessment['rigidExpenditure'];
}

/** A supporter outside the household (a child supporting a parent, say), before rounding. */
export interface SupporterWork {
  person: AssessedPerson;
  condition: Condition;
  coefficient: Figure;
  contribution: SupporterAssessment;
}
