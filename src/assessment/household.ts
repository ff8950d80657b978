import type { Catalog } from '../catalog/index.js';
import type { Condition } from './labour.js';
import type { AssessedPerson } from './model.js';
import { numeric, readingsIn, unique } from './read.js';

/**
 * Whether a member counts as a co-resident family member (共同生活家庭成员): the per-capita divisor,
 * and the members whose income, rigid expenditure and labour are counted. The seed articles do not
 * define it; the national rule (《最低生活保障审核确认办法》, 2021, art. 7) leaves out persons
 * "在監獄內服刑、在戒毒所強制隔離戒毒人員或者宣告失蹤的人員" (paraphrase) — of these the registers report imprisonment
 * (`status.imprisoned`). A deceased member (`status.vital` DECEASED) is no longer a member at all.
 */
export function coResident(c: Condition): boolean {
  return !c.deceased && !c.imprisoned;
}

/** The co-resident members, in member order: the only ones income and per-capita figures are counted over. */
export function coResidentMembers<M extends { condition: Condition }>(members: readonly M[]): M[] {
  return members.filter((m) => coResident(m.condition));
}

/**
 * What the household holds: every co-resident member as recorded, and of every other member
 * (deceased, imprisoned) their assets only. A deceased member's assets pass to the household and an
 * imprisoned member's stay with it, so the asset test and veto clauses read them; their income and
 * their status (a register flag such as public payroll) are theirs and are not read.
 */
export function householdHoldings(catalog: Catalog, members: readonly { person: AssessedPerson; condition: Condition }[]): AssessedPerson[] {
  return members.map(({ person, condition }) => (coResident(condition) ? person : assetsOnly(catalog, person)));
}

function assetsOnly(catalog: Catalog, person: AssessedPerson): AssessedPerson {
  const records: AssessedPerson['records'] = {};
  for (const [sourceId, record] of Object.entries(person.records)) {
    if (!record.found) continue;
    const assets = new Set(catalog.attributesOf(sourceId).filter((a) => a.category.startsWith('asset.')).map((a) => a.code));
    const values = Object.fromEntries(Object.entries(record.values).filter(([code]) => assets.has(code)));
    records[sourceId] = { ...record, values };
  }
  return { ...person, records };
}

/** Contracted land of the household: the `asset.land` holdings above 0 of any member, living or not (a land contract is the household's). */
export interface LandHolding {
  holds: boolean;
  attributes: string[];
}

export function contractedLand(catalog: Catalog, members: readonly AssessedPerson[]): LandHolding {
  const codes = members.flatMap((m) => numeric(readingsIn(catalog, m, 'asset.land')).filter((r) => r.value > 0).map((r) => r.attribute.code));
  return { holds: codes.length > 0, attributes: unique(codes) };
}
