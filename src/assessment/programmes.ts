import type { Purpose } from '../catalog/index.js';
import { CARE_LEVELS, type BenefitParameters, type PolicyParameters, type ProgrammeParameters } from '../regional-policy/index.js';
import { extremePovertyBenefit, minimumLivingBenefit } from './benefit.js';
import { CARE_LEVEL_EN, CARE_LEVEL_ZH, qualifyingFigure, qualifyingMembers } from './extreme-poverty.js';
import { assetGrounds, ground, incomeBelow, incomeBelowMultiple, membersCounted, policyNotSet, rigidShare, supporterIncomeUnverified, vetoGrounds, type Area } from './grounds.js';
import type { Assessment, Benefit, Ground, Programme, ProgrammeConclusion } from './model.js';
import type { MemberWork, SupporterWork } from './work.js';

/** What eligibility is decided on: the rounded figures, as reported, and the region's parameters. */
export interface EligibilityInput {
  present: readonly MemberWork[];
  supporters: readonly SupporterWork[];
  area: Area;
  standards: PolicyParameters['standards']['urban'];
  income: Assessment['income'];
  /** Limits exceeded under `assetLimits` (低保, 特困). */
  exceeded: Assessment['assets']['exceeded'];
  /** Limits exceeded under `marginalAssetLimits` (低保边缘, 刚性支出困难, 临时救助). */
  marginalExceeded: Assessment['assets']['exceeded'];
  fired: Assessment['vetoes'];
  /** Absent in versions from before programmes were policy data (docs/ASSESSMENT.md, fallback). */
  programmes: ProgrammeParameters | undefined;
  benefit: BenefitParameters | undefined;
  purpose: Purpose | undefined;
}

export interface Eligibility {
  minimumLiving: ProgrammeConclusion;
  extremePoverty: ProgrammeConclusion;
  marginal: ProgrammeConclusion;
  rigidHardship: ProgrammeConclusion;
  temporaryAssistance: ProgrammeConclusion;
}

/** Eligible when every ground holds; an eligible household is told every ground, an ineligible one only what failed. */
function decide(programme: Programme, grounds: readonly Ground[], benefit: (() => Benefit | null) | null = null): ProgrammeConclusion {
  const eligible = grounds.every((g) => g.holds);
  const shown = eligible ? [...grounds] : grounds.filter((g) => !g.holds);
  return { programme, conclusion: eligible ? 'ELIGIBLE' : 'NOT_ELIGIBLE', eligible, grounds: shown, reasons: shown.map((g) => g.en), benefit: eligible && benefit ? benefit() : null, missing: [] };
}

/** The income the three income-based programmes test: after rigid deductions or before, per the region. */
function testedIncome(input: EligibilityInput): { perCapita: Assessment['income']['perCapita']; deducted: boolean } {
  // Versions from before the switch deducted, as every region did then.
  const deducted = input.programmes?.deductRigidForMinimumLiving ?? true;
  return { perCapita: deducted ? input.income.perCapita : input.income.perCapitaBeforeDeductions, deducted };
}

/** `SUPPORTER_INCOME_UNVERIFIED` when a supporter able to support has no income record (support counted as 0), else nothing. */
function unverifiedSupport(input: EligibilityInput): Ground[] {
  const g = supporterIncomeUnverified(input.supporters.filter((s) => s.contribution.income === null && s.contribution.exemption === null).map((s) => ({ personId: s.person.personId, relation: s.person.relation })));
  return g ? [g] : [];
}

/** 低保: per-capita income below the 低保 standard, assets within the limits, no veto. */
function minimumLiving(input: EligibilityInput): ProgrammeConclusion {
  const { perCapita, deducted } = testedIncome(input);
  const grounds = [
    membersCounted(input.present.length),
    incomeBelow('INCOME_BELOW_MINIMUM_LIVING', perCapita, input.standards.minimumLiving, 'MINIMUM_LIVING', input.area, deducted),
    ...assetGrounds(input.exceeded, false),
    ...vetoGrounds(input.fired),
    ...unverifiedSupport(input),
  ];
  const b = input.benefit;
  return decide('MINIMUM_LIVING', grounds, b ? () => minimumLivingBenefit(input.present, perCapita, input.standards.minimumLiving, b) : null);
}

/**
 * 特困: a member meeting the individual criteria (age, minor, disability, illness; no labour
 * capacity), nobody able to support them in or outside the household, income below the 低保
 * standard (无生活来源), assets within the 低保 limits, no veto. Care levels are listed as grounds.
 */
function extremePoverty(input: EligibilityInput): ProgrammeConclusion {
  const c = input.programmes?.extremePoverty;
  if (!c) return decide('EXTREME_POVERTY', [policyNotSet()]);
  const q = qualifyingMembers(input.present, c);
  const workers = input.present.filter((m) => m.coefficient.value > 0).length;
  const able = input.supporters.filter((s) => s.contribution.exemption === null).length;
  const { perCapita, deducted } = testedIncome(input);
  const who = `年满 ${c.elderlyAge} 周岁、未满 ${c.minorAge} 周岁、${c.disabilityGrades.map((g) => g.replace('GRADE_', '')).join('/')} 级残疾${c.seriousIllness ? '或患重特大疾病' : ''}`;
  const whoEn = `aged ${c.elderlyAge} or over, under ${c.minorAge}, disabled at grade ${c.disabilityGrades.map((g) => g.replace('GRADE_', '')).join('/')}${c.seriousIllness ? ' or seriously ill' : ''}`;
  const careGrounds = CARE_LEVELS.flatMap((level) => {
    const at = q.filter((x) => x.careLevel === level);
    return at.length === 0 ? [] : [ground(`EP_CARE_LEVEL_${level}`, true, `生活自理能力${CARE_LEVEL_ZH[level]} ${at.length} 人`, `${at.length} member(s) of care level ${CARE_LEVEL_EN[level]}`, qualifyingFigure(at))];
  });
  const grounds = [
    ground('EP_PERSON_QUALIFIES', q.length > 0, q.length > 0 ? `${who}且无劳动能力的成员 ${q.length} 人` : `无${who}且无劳动能力的成员`, q.length > 0 ? `${q.length} member(s) ${whoEn}, with no labour capacity` : `No member ${whoEn} with no labour capacity`, qualifyingFigure(q)),
    ground('EP_NO_ABLE_MEMBER', workers === 0, workers === 0 ? '家庭中无有劳动能力的成员' : `家庭中有劳动能力的成员 ${workers} 人`, workers === 0 ? 'No member able to work' : `${workers} member(s) able to work`),
    ground('EP_NO_ABLE_SUPPORTER', able === 0, able === 0 ? '无有履行义务能力的赡养、抚养、扶养人' : `有履行义务能力的赡养、抚养、扶养人 ${able} 人`, able === 0 ? 'No supporter able to support' : `${able} supporter(s) able to support`),
    incomeBelow('INCOME_BELOW_MINIMUM_LIVING', perCapita, input.standards.minimumLiving, 'MINIMUM_LIVING', input.area, deducted),
    ...assetGrounds(input.exceeded, false),
    ...vetoGrounds(input.fired),
    ...unverifiedSupport(input),
    ...careGrounds,
  ];
  return decide('EXTREME_POVERTY', grounds, () => extremePovertyBenefit(q, input.standards.minimumLiving, c));
}

/** 低保边缘: not 低保-eligible, per-capita income below the low-income standard, the marginal asset limits, no veto. */
function marginal(input: EligibilityInput, minimumLivingEligible: boolean): ProgrammeConclusion {
  const { perCapita, deducted } = testedIncome(input);
  return decide('MARGINAL', [
    ground('NOT_MINIMUM_LIVING', !minimumLivingEligible, '不符合低保条件', 'Not eligible for the minimum living allowance', null),
    membersCounted(input.present.length),
    incomeBelow('INCOME_BELOW_LOW_INCOME', perCapita, input.standards.lowIncome, 'LOW_INCOME', input.area, deducted),
    ...assetGrounds(input.marginalExceeded, true),
    ...vetoGrounds(input.fired),
    ...unverifiedSupport(input),
  ]);
}

/**
 * 刚性支出困难: not a 低保 household (its spending is met by 低保 and special assistance; a marginal
 * household may also be one poor by spending), rigid expenditure above a share of income, per-capita income (before deductions) below a multiple of the low-income standard, the
 * marginal asset limits, no veto.
 */
function rigidHardship(input: EligibilityInput, minimumLivingEligible: boolean): ProgrammeConclusion {
  const r = input.programmes?.rigidExpenditureHardship;
  if (!r) return decide('RIGID_EXPENDITURE_HARDSHIP', [policyNotSet()]);
  return decide('RIGID_EXPENDITURE_HARDSHIP', [
    ground('NOT_MINIMUM_LIVING', !minimumLivingEligible, '不符合低保条件', 'Not eligible for the minimum living allowance'),
    membersCounted(input.present.length),
    rigidShare('RIGID_EXPENDITURE_SHARE', input.income.rigidDeductions, input.income.gross, r.expenditureShare),
    incomeBelowMultiple(input.income.perCapitaBeforeDeductions, input.standards.lowIncome, r.incomeMultiple, input.area),
    ...assetGrounds(input.marginalExceeded, true),
    ...vetoGrounds(input.fired),
  ]);
}

/**
 * 临时救助: in an emergency (an urgent purpose) no income, asset or veto test: assistance first,
 * paperwork after. Otherwise by expenditure: rigid expenditure above a share of income, the
 * marginal asset limits, no veto.
 */
function temporaryAssistance(input: EligibilityInput): ProgrammeConclusion {
  const t = input.programmes?.temporaryAssistance;
  if (!t) return decide('TEMPORARY_ASSISTANCE', [policyNotSet()]);
  const someone = membersCounted(input.present.length);
  if (input.purpose && t.urgentPurposes.includes(input.purpose)) {
    return decide('TEMPORARY_ASSISTANCE', [someone, ground('URGENT_REQUEST', true, `急难申请（${input.purpose}），先行救助，不作收入审核`, `Urgent request (${input.purpose}): assistance first, no income test`)]);
  }
  return decide('TEMPORARY_ASSISTANCE', [someone, rigidShare('TEMPORARY_EXPENDITURE_SHARE', input.income.rigidDeductions, input.income.gross, t.expenditureShare), ...assetGrounds(input.marginalExceeded, true), ...vetoGrounds(input.fired)]);
}

/**
 * 特困 instead of 低保 (national: 《社会救助暂行办法》第十四条, 特困供养人员不再享受最低生活保障): a household
 * eligible for 特困 is concluded NOT_ELIGIBLE for 低保, with the ground `EXTREME_POVERTY_INSTEAD`
 * and no amount. Only the conclusion changes: 特困's own test of the 低保 conditions stands, and
 * 低保边缘 and 刚性支出困难 still read whether the 低保 conditions were met.
 */
function instead(ml: ProgrammeConclusion, ep: ProgrammeConclusion): ProgrammeConclusion {
  if (!ep.eligible || !ml.eligible) return ml;
  return decide('MINIMUM_LIVING', [
    ...ml.grounds,
    ground('EXTREME_POVERTY_INSTEAD', false, '已符合特困人员救助供养条件，不重复享受最低生活保障', 'Eligible for extreme-poverty support instead: not paid the minimum living allowance as well'),
  ]);
}

/** Each programme's conclusion with its grounds and, for 低保 and 特困, the monthly amount. */
export function eligibilityOf(input: EligibilityInput): Eligibility {
  const ml = minimumLiving(input);
  const ep = extremePoverty(input);
  return {
    minimumLiving: instead(ml, ep),
    extremePoverty: ep,
    marginal: marginal(input, ml.eligible),
    rigidHardship: rigidHardship(input, ml.eligible),
    temporaryAssistance: temporaryAssistance(input),
  };
}
