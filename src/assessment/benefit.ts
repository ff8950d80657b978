import { CARE_LEVELS, type BenefitParameters, type ProgrammeParameters } from '../regional-policy/index.js';
import type { Qualifying } from './extreme-poverty.js';
import type { Benefit, Figure } from './model.js';
import { figure, round2 } from './read.js';
import type { MemberWork } from './work.js';

type Increment = BenefitParameters['increments'][number];

/** Whether a counted member belongs to an increment's group, and the codes that say so. */
function inGroup(m: MemberWork, inc: Increment): string[] | null {
  const c = m.condition;
  switch (inc.group) {
    case 'ELDERLY':
      // Age comes from the birth date, not from an attribute.
      return c.age >= (inc.minAge ?? Infinity) ? [] : null;
    case 'MINOR':
      return c.age < (inc.belowAge ?? 0) ? [] : null;
    case 'STUDENT':
      return c.student && (inc.belowAge === undefined || c.age < inc.belowAge) ? c.studentAttributes : null;
    case 'SEVERE_DISABILITY':
      return c.severelyDisabled ? c.disabilityAttributes : null;
    case 'SERIOUS_ILLNESS':
      return c.seriouslyIll ? c.seriousIllnessAttributes : null;
  }
}

/**
 * Who receives which increment: every increment of a member's groups (SUM), or only the largest
 * (HIGHEST; the first in policy order on a tie), so a member is never paid twice for one need.
 */
function incrementsPerMember(present: readonly MemberWork[], b: BenefitParameters): Map<Increment, { persons: string[]; attributes: string[] }> {
  const out = new Map<Increment, { persons: string[]; attributes: string[] }>(b.increments.map((i) => [i, { persons: [], attributes: [] }]));
  for (const m of present) {
    const matched = b.increments.flatMap((inc) => {
      const codes = inGroup(m, inc);
      return codes === null ? [] : [{ inc, codes }];
    });
    const paid = b.combine === 'SUM' ? matched : matched.filter((x) => x === matched.reduce((best, y) => (y.inc.share > best.inc.share ? y : best), matched[0]!));
    for (const { inc, codes } of paid) {
      out.get(inc)!.persons.push(m.person.personId);
      out.get(inc)!.attributes.push(...codes);
    }
  }
  return out;
}

function totalOf(parts: readonly Figure[], rule: string): Benefit {
  const total = figure(
    parts.reduce((s, p) => s + p.value, 0),
    'CNY/month',
    rule,
    parts.flatMap((p) => p.attributes),
    parts.flatMap((p) => p.persons),
  );
  // Rounded to the fen once, when reported: the total from the unrounded parts.
  return { total: { ...total, value: round2(total.value) }, parts: parts.map((p) => ({ ...p, value: round2(p.value) })) };
}

/**
 * 低保 amount (补差 plus 分类施保): (standard − per-capita income) × counted members, plus for each
 * increment its share of the standard × the members it applies to. Per month, CNY.
 */
export function minimumLivingBenefit(present: readonly MemberWork[], perCapita: Figure, standard: number, b: BenefitParameters): Benefit {
  const counted = present.map((m) => m.person.personId);
  const gap = figure(Math.max(0, standard - perCapita.value) * counted.length, 'CNY/month', 'benefit.minimum-living.gap', perCapita.attributes, counted);
  const increments = [...incrementsPerMember(present, b)]
    .filter(([, who]) => who.persons.length > 0)
    .map(([inc, who]) => figure(inc.share * standard * who.persons.length, 'CNY/month', `benefit.increment.${inc.code}`, who.attributes, who.persons));
  return totalOf([gap, ...increments], 'benefit.minimum-living.total');
}

/**
 * 特困 amount: the basic living standard (`basicLivingMultiple` × the 低保 standard) per qualifying
 * member, plus the care allowance of each one's care level. Per month, CNY.
 */
export function extremePovertyBenefit(q: readonly Qualifying[], standard: number, c: ProgrammeParameters['extremePoverty']): Benefit {
  const persons = q.map((x) => x.member.person.personId);
  const basic = figure(c.basicLivingMultiple * standard * q.length, 'CNY/month', 'benefit.extreme-poverty.basic-living', [], persons);
  const care = CARE_LEVELS.flatMap((level) => {
    const at = q.filter((x) => x.careLevel === level);
    if (at.length === 0) return [];
    const rule = `benefit.extreme-poverty.care.${level.toLowerCase().replaceAll('_', '-')}`;
    return [figure(c.careAllowance[level] * at.length, 'CNY/month', rule, at.flatMap((x) => x.attributes), at.map((x) => x.member.person.personId))];
  });
  return totalOf([basic, ...care], 'benefit.extreme-poverty.total');
}
