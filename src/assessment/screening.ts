import type { Catalog } from '../catalog/index.js';
import { assessmentRules, type HouseholdMeasure, type PolicyParameters, type RuleFigure, type UrgencyColour } from '../regional-policy/index.js';
import { hardship, type AssistanceGiven, type Hardship } from './hardship.js';
import type { Assessment, Figure } from './model.js';
import { figure } from './read.js';
import { allHold, type RuleContext } from './rules.js';
import type { MemberWork } from './work.js';

/** A programme's decision in either shape (`eligible`, or `conclusion` since the programme rules). */
export interface EligibilityLike {
  programme: string;
  eligible?: boolean;
  conclusion?: string;
}

export function isEligible(e: EligibilityLike): boolean {
  return e.conclusion !== undefined ? e.conclusion === 'ELIGIBLE' : e.eligible === true;
}

/** The programmes an assessment finds the household eligible for. */
export function eligibleProgrammes(eligibility: readonly EligibilityLike[]): string[] {
  return eligibility.filter(isEligible).map((e) => e.programme);
}

export interface SpecialGroupMatch {
  code: string;
  zh: string;
  en: string;
  attributes: string[];
  persons: string[];
}

export interface UrgencyResult {
  colour: UrgencyColour;
  zh: string;
  /** The first rule of the colour that held. */
  rule: { zh: string; en: string };
  attributes: string[];
  persons: string[];
}

/** What screening reads from the assessment made so far (rounded figures, as reported). */
export interface ScreeningInput {
  catalog: Catalog;
  parameters: PolicyParameters;
  assessedOn: string;
  present: readonly MemberWork[];
  standards: { minimumLiving: number; lowIncome: number };
  income: Assessment['income'];
  measures: Record<HouseholdMeasure, Figure>;
  vetoes: readonly { code: string }[];
  eligibility: readonly EligibilityLike[];
  needTags: readonly string[];
  targetGroups: readonly string[];
  /** Assistance recorded as given (none inside a verification). */
  given?: readonly AssistanceGiven[];
}

function ruleFigures(s: ScreeningInput): Record<RuleFigure, Figure> {
  const { income, measures } = s;
  return {
    perCapita: income.perCapita,
    perCapitaBeforeDeductions: income.perCapitaBeforeDeductions,
    gross: income.gross,
    net: income.net,
    rigidDeductions: income.rigidDeductions,
    depositsPerCapita: measures.depositsPerCapita,
    vehicles: measures.vehicleCount,
    properties: measures.propertyCount,
    businessCapital: measures.businessCapital,
    countedMembers: figure(s.present.length, 'count', 'household.counted-members', [], s.present.map((m) => m.person.personId)),
    vetoes: figure(s.vetoes.length, 'count', 'household.vetoes', [], []),
  };
}

/**
 * Hardship index, special groups (主动发现) and urgency colour (四色), from the policy's rules as
 * data. Special groups are screened in the policy's order (a group's rule may name an earlier one);
 * the urgency colours are tried in order, the first colour with a rule that holds is the household's.
 */
export function screening(s: ScreeningInput): { hardship: Hardship; specialGroups: SpecialGroupMatch[]; urgency: UrgencyResult | null } {
  const rules = assessmentRules(s.parameters);
  const lists = { needTags: s.needTags, targetGroups: s.targetGroups, specialGroups: [] as string[], eligibleProgrammes: eligibleProgrammes(s.eligibility), vetoes: s.vetoes.map((v) => v.code) };
  const ctx: RuleContext = {
    catalog: s.catalog,
    present: s.present,
    figures: ruleFigures(s),
    standards: { ...s.standards, depositLimit: s.parameters.assetLimits.depositsPerCapita },
    lists,
  };
  const specialGroups: SpecialGroupMatch[] = [];
  for (const g of rules.specialGroups) {
    const o = allHold(ctx, g.when);
    if (!o.holds) continue;
    specialGroups.push({ code: g.code, zh: g.zh, en: g.en, attributes: [...new Set(o.attributes)], persons: [...new Set(o.persons)] });
    lists.specialGroups.push(g.code);
  }
  return { hardship: hardship(ctx, rules.hardshipIndex, s.given ?? [], s.assessedOn), specialGroups, urgency: urgencyOf(ctx, rules.urgency) };
}

function urgencyOf(ctx: RuleContext, urgency: ReturnType<typeof assessmentRules>['urgency']): UrgencyResult | null {
  if (urgency.exceptVetoed && ctx.lists.vetoes.length > 0) return null;
  for (const c of urgency.colours) {
    for (const rule of c.rules) {
      const o = allHold(ctx, rule.when);
      if (o.holds) return { colour: c.colour, zh: c.zh, rule: { zh: rule.zh, en: rule.en }, attributes: [...new Set(o.attributes)], persons: [...new Set(o.persons)] };
    }
  }
  return null;
}
