import type { Catalog } from '../catalog/index.js';
import { SUPPORT_EXEMPTIONS, SUPPORT_RAISERS, type PolicyParameters, type SupportExemption, type SupportRaiser } from '../regional-policy/index.js';
import { coResident } from './household.js';
import { COUNTED_KINDS, recordedIncome, type RecordedKind } from './income.js';
import type { Condition } from './labour.js';
import type { AssessedPerson, Figure, SupporterResult } from './model.js';
import { readingOf, CODES, figure, highest, numeric, readingsIn, total, trueCodes } from './read.js';

/**
 * Whose parents a supporter's relation (to the head) names among the household's relations: the
 * head and spouse are the parents of a CHILD, the head's PARENT members those of a SIBLING. Other
 * relations (a grandchild, whose duty depends on their own parents) name no parent here.
 */
const PARENT_RELATIONS: Readonly<Record<string, readonly string[]>> = {
  CHILD: ['HEAD', 'SPOUSE'],
  SIBLING: ['PARENT'],
};

/** A household member as the support rule sees them. */
export interface SupportedMember {
  person: AssessedPerson;
  condition: Condition;
}

/** The co-resident members who are the supporter's parents: support is counted once for each. */
export function parentsOf(supporter: AssessedPerson, members: readonly SupportedMember[]): string[] {
  const relations = PARENT_RELATIONS[supporter.relation] ?? [];
  return members.filter((m) => coResident(m.condition) && relations.includes(m.person.relation)).map((m) => m.person.personId);
}

/** What the records say about each exemption of the policy list, in SUPPORT_EXEMPTIONS order: the codes that prove it. */
function exemptionProofs(catalog: Catalog, person: AssessedPerson, c: Condition): Record<SupportExemption, string[]> {
  return {
    DIBAO_RECIPIENT: trueCodes(readingOf(catalog, person, CODES.dibao)),
    TEKUN_RECIPIENT: trueCodes(readingOf(catalog, person, CODES.tekun)),
    SERIOUS_ILLNESS: c.seriouslyIll ? c.seriousIllnessAttributes : [],
    SEVERE_DISABILITY: c.severelyDisabled ? c.disabilityAttributes : [],
    IMPRISONED: c.imprisoned ? c.absenceAttributes : [],
    STUDENT: c.student ? c.studentAttributes : [],
  };
}

/** What the records say about each circumstance that raises the share: the codes that prove it. */
function raiserProofs(catalog: Catalog, person: AssessedPerson, support: PolicyParameters['support']): Record<SupportRaiser, string[]> {
  const deposits = total(numeric(readingsIn(catalog, person, 'asset.deposit', 'MONEY')));
  const properties = highest(numeric(readingsIn(catalog, person, 'asset.property_count', 'INTEGER')));
  return {
    LARGE_DEPOSITS: deposits && deposits.value >= support.wealthyDepositsPerCapita ? deposits.attributes : [],
    LUXURY_VEHICLE: trueCodes(readingOf(catalog, person, CODES.luxuryVehicle)),
    SECOND_HOME: properties && properties.value > 1 ? properties.attributes : [],
  };
}

/** A supporter's assessment, before rounding (the reported SupporterResult without `verified`). */
export type SupporterAssessment = Omit<SupporterResult, 'verified'>;

/**
 * What a supporter is expected to contribute. Balinzuo: "按照贍養人收入的5%到10%的比例計算給父母一方的贍養費":
 * the share is of the supporter's income for ONE parent, so it is counted once per parent in the
 * household. Nothing from a deceased supporter, nor one in a circumstance of `exemptWhen`, nor one
 * whose parents are not in the household. A supporter of whom no income source has any record is
 * shown as such (`support.no-record`, value 0, unverified), never as a supporter earning 0.
 */
export function supporterContribution(catalog: Catalog, person: AssessedPerson, c: Condition, members: readonly SupportedMember[], support: PolicyParameters['support']): SupporterAssessment {
  const id = person.personId;
  const parents = parentsOf(person, members);
  const income = supporterIncome(catalog, person);
  const none = (exemption: SupporterAssessment['exemption'], rule: string, codes: readonly string[]): SupporterAssessment => ({ personId: id, parents, income, share: 0, exemption, support: figure(0, 'CNY/month', rule, codes, [id]) });

  if (c.deceased) return none('DECEASED', 'support.deceased', c.absenceAttributes);
  const proofs = exemptionProofs(catalog, person, c);
  const exemptWhen = support.exemptWhen ?? SUPPORT_EXEMPTIONS;
  const exempt = SUPPORT_EXEMPTIONS.find((e) => exemptWhen.includes(e) && proofs[e].length > 0);
  if (exempt) return none(exempt, 'support.exempt', proofs[exempt]);
  if (parents.length === 0) return none('NO_PARENT', 'support.no-parent-in-household', []);

  const raisers = raiserProofs(catalog, person, support);
  const raisedWhen = support.raisedWhen ?? SUPPORT_RAISERS;
  const raisedBy = SUPPORT_RAISERS.filter((r) => raisedWhen.includes(r)).flatMap((r) => raisers[r]);
  const share = raisedBy.length > 0 ? support.maxShare : support.minShare;
  if (income === null) return { personId: id, parents, income, share, exemption: null, support: figure(0, 'CNY/month', 'support.no-record', raisedBy, [id]) };
  const rule = raisedBy.length > 0 ? 'support.per-parent-share.raised' : 'support.per-parent-share.base';
  return { personId: id, parents, income, share, exemption: null, support: figure(income.value * share * parents.length, 'CNY/month', rule, [...income.attributes, ...raisedBy], [id, ...parents]) };
}

/**
 * The supporter's income: the recorded kinds that count toward gross income (highest report per
 * kind, transfers and assistance left out, nothing imputed), added. Null when no income source
 * holds any income value for them: no record is not the same as no income.
 */
function supporterIncome(catalog: Catalog, person: AssessedPerson): Figure | null {
  const recorded = recordedIncome(catalog, person);
  if (Object.keys(recorded).length === 0) return null;
  const counted = (Object.entries(recorded) as [RecordedKind, Figure][]).filter(([kind]) => COUNTED_KINDS.includes(kind));
  const codes = counted.flatMap(([, f]) => (f.value > 0 ? f.attributes : []));
  return figure(
    counted.reduce((s, [, f]) => s + f.value, 0),
    'CNY/month',
    'support.supporter-income',
    codes,
    [person.personId],
  );
}

/** The household's SUPPORT income: every supporter's contribution, added; it lists every supporter. */
export function supportFigure(supporters: readonly SupporterAssessment[]): Figure {
  return figure(
    supporters.reduce((s, x) => s + x.support.value, 0),
    'CNY/month',
    'household.income.support',
    supporters.flatMap((s) => s.support.attributes),
    supporters.map((s) => s.personId),
  );
}

/** As the assessment reports a supporter: their figures, and whether the figure rests on a record. */
export function supporterResult(s: SupporterAssessment, round: (f: Figure) => Figure): SupporterResult {
  return {
    personId: s.personId,
    parents: s.parents,
    income: s.income && round(s.income),
    share: s.share,
    exemption: s.exemption,
    support: round(s.support),
    verified: s.income !== null || s.exemption !== null,
  };
}
