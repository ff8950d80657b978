import type { SupporterAssessment } from './income.js';
import type { Condition } from './labour.js';
import type { AssessedPerson, Figure, IncomeKind, MemberAssessment } from './model.js';

/** A member as the assessment works on it, before rounding. */
export interface MemberWork {
  person: AssessedPerson;
  condition: Condition;
  coefficient: Figure;
  income: Partial<Record<IncomeKind, Figure>>;
  rigid: MemberAssessment['rigidExpenditure'];
  counted: boolean;
}

/** A supporter outside the household (a child supporting a parent, say), before rounding. */
export interface SupporterWork {
  person: AssessedPerson;
  condition: Condition;
  coefficient: Figure;
  contribution: SupporterAssessment;
}
