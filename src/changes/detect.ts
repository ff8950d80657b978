import type { Attribute, AttributeValue, Catalog, Category } from '../catalog/index.js';
import { monthly } from '../assessment/index.js';
import type { ReportBody, ReportMember } from '../reports/index.js';

export const CHANGE_KINDS = [
  'NEW_VEHICLE',
  'NEW_PROPERTY',
  'NEW_BUSINESS',
  'NEW_EMPLOYMENT',
  'INCOME_CHANGE',
  'DEATH',
  'MOVED_OUT',
  'MEMBER_ADDED',
  'MEMBER_REMOVED',
  'CONCLUSION_CHANGED',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export function isChangeKind(value: unknown): value is ChangeKind {
  return (CHANGE_KINDS as readonly unknown[]).includes(value);
}

/** A value before or after a change: an attribute value, a monthly amount, or person ids. */
export type ChangeValue = AttributeValue | readonly string[];

/** One difference between two reports of a household that an assistance office should hear of. */
export interface DetectedChange {
  kind: ChangeKind;
  /** The member concerned (for MEMBER_ADDED / MEMBER_REMOVED: the person added or removed). */
  personId: string | null;
  /** Attribute codes whose values show the change (empty for membership changes). */
  attributes: string[];
  before: ChangeValue;
  after: ChangeValue;
}

export interface DetectOptions {
  /** An income change is reported when it moves by more than this share of the previous income (0.2 = 20 %). */
  incomeChangeShare: number;
}

/** The income categories a member's monthly income is made of (transfers are assistance, not income). */
export const CHANGE_INCOME_CATEGORIES: readonly Category[] = ['income.wage', 'income.pension', 'income.unemployment', 'income.business', 'income.property', 'income.interest'];

/** One attribute's value in both reports, from a source that found the person both times. */
interface Pair {
  attribute: Attribute;
  before: AttributeValue;
  after: AttributeValue;
}

/**
 * Values of `accept`ed attributes from sources whose record of the member was found in both
 * reports, sources in id order: a source that did not answer one of the times (timed out, pending,
 * not asked) says nothing about a change, so a missing answer never looks like a lost vehicle.
 */
function pairs(catalog: Catalog, before: ReportMember, after: ReportMember, accept: (a: Attribute) => boolean): Pair[] {
  const out: Pair[] = [];
  for (const sourceId of Object.keys(after.records).sort()) {
    const b = before.records[sourceId];
    const a = after.records[sourceId];
    if (!b?.found || !a?.found) continue;
    for (const attribute of catalog.attributesOf(sourceId)) {
      if (!accept(attribute)) continue;
      out.push({ attribute, before: b.values[attribute.code] ?? null, after: a.values[attribute.code] ?? null });
    }
  }
  return out;
}

const isNumber = (v: AttributeValue): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Highest count before and after among attributes both reports give a number for (agencies report
 * the same vehicles, so counts are never added). Null when no attribute is comparable.
 */
function countChange(catalog: Catalog, before: ReportMember, after: ReportMember, category: Category): { before: number; after: number; attributes: string[] } | null {
  const comparable = pairs(catalog, before, after, (a) => a.category === category && a.type === 'INTEGER').filter((p) => isNumber(p.before) && isNumber(p.after));
  if (comparable.length === 0) return null;
  return {
    before: Math.max(...comparable.map((p) => p.before as number)),
    after: Math.max(...comparable.map((p) => p.after as number)),
    attributes: comparable.map((p) => p.attribute.code),
  };
}

/** Monthly CNY, rounded to the fen so that floating-point noise never shows as a change. */
const fen = (v: number): number => Math.round(v * 100) / 100;

/**
 * A member's monthly income: per category, the highest monthly report (agencies report the same
 * wage; never summed), then the categories added up. A found record without the item counts as
 * no income of that kind; a negative figure (a loss) counts as none, as in the assessment.
 */
function monthlyIncome(readings: readonly { attribute: Attribute; value: AttributeValue }[]): { total: number; attributes: string[] } {
  let total = 0;
  const attributes: string[] = [];
  for (const category of CHANGE_INCOME_CATEGORIES) {
    let best = 0;
    let bestCode: string | null = null;
    for (const r of readings) {
      if (r.attribute.category !== category || !isNumber(r.value)) continue;
      const value = monthly(r.attribute, r.value);
      if (bestCode === null || value > best) {
        best = value;
        bestCode = r.attribute.code;
      }
    }
    total += Math.max(0, best);
    if (bestCode !== null && best > 0) attributes.push(bestCode);
  }
  return { total: fen(total), attributes };
}

function incomeChange(catalog: Catalog, before: ReportMember, after: ReportMember, share: number): DetectedChange | null {
  const comparable = pairs(catalog, before, after, (a) => CHANGE_INCOME_CATEGORIES.includes(a.category) && a.type === 'MONEY');
  if (comparable.length === 0) return null;
  const was = monthlyIncome(comparable.map((p) => ({ attribute: p.attribute, value: p.before })));
  const now = monthlyIncome(comparable.map((p) => ({ attribute: p.attribute, value: p.after })));
  const changed = was.total === 0 ? now.total > 0 : Math.abs(now.total - was.total) > share * was.total;
  if (!changed) return null;
  return { kind: 'INCOME_CHANGE', personId: after.personId, attributes: [...new Set([...was.attributes, ...now.attributes])], before: was.total, after: now.total };
}

function employmentChange(catalog: Catalog, before: ReportMember, after: ReportMember): DetectedChange | null {
  // BOOLEAN items only: employer names (TEXT) change for reasons that are not new employment.
  const comparable = pairs(catalog, before, after, (a) => a.category === 'activity.employment' && a.type === 'BOOLEAN').filter((p) => typeof p.before === 'boolean' && typeof p.after === 'boolean');
  if (comparable.length === 0) return null;
  const was = comparable.some((p) => p.before === true);
  const now = comparable.some((p) => p.after === true);
  if (was || !now) return null;
  return { kind: 'NEW_EMPLOYMENT', personId: after.personId, attributes: comparable.filter((p) => p.after === true).map((p) => p.attribute.code), before: false, after: true };
}

function deathChange(catalog: Catalog, before: ReportMember, after: ReportMember): DetectedChange | null {
  const vital = pairs(catalog, before, after, (a) => a.category === 'status.vital').filter((p) => p.before === 'ALIVE' && p.after === 'DECEASED');
  const dates = pairs(catalog, before, after, (a) => a.category === 'status.death_date').filter((p) => p.before === null && p.after !== null);
  if (vital.length === 0 && dates.length === 0) return null;
  const date = dates[0]?.after ?? null;
  // `after` is the recorded death date when a source gives one, else the vital status.
  return { kind: 'DEATH', personId: after.personId, attributes: [...vital, ...dates].map((p) => p.attribute.code), before: vital.length > 0 ? 'ALIVE' : null, after: date ?? 'DECEASED' };
}

/** The county (first 6 digits) of a hukou region code, which may be given at township level or finer. */
const county = (v: AttributeValue): string | null => (typeof v === 'string' && v.length >= 6 ? v.slice(0, 6) : null);

function moveChange(catalog: Catalog, before: ReportMember, after: ReportMember, regionCode: string): DetectedChange | null {
  const moved = pairs(catalog, before, after, (a) => a.category === 'identity.hukou_region').filter((p) => county(p.before) === regionCode && county(p.after) !== null && county(p.after) !== regionCode);
  const first = moved[0];
  if (!first) return null;
  return { kind: 'MOVED_OUT', personId: after.personId, attributes: moved.map((p) => p.attribute.code), before: first.before, after: first.after };
}

const COUNTED: readonly [ChangeKind, Category][] = [
  ['NEW_VEHICLE', 'asset.vehicle_count'],
  ['NEW_PROPERTY', 'asset.property_count'],
  ['NEW_BUSINESS', 'asset.business'],
];

function memberChanges(catalog: Catalog, before: ReportMember, after: ReportMember, regionCode: string, options: DetectOptions): DetectedChange[] {
  const out: DetectedChange[] = [];
  for (const [kind, category] of COUNTED) {
    const c = countChange(catalog, before, after, category);
    if (c && c.after > c.before) out.push({ kind, personId: after.personId, attributes: c.attributes, before: c.before, after: c.after });
  }
  for (const change of [
    employmentChange(catalog, before, after),
    incomeChange(catalog, before, after, options.incomeChangeShare),
    deathChange(catalog, before, after),
    moveChange(catalog, before, after, regionCode),
  ]) {
    if (change) out.push(change);
  }
  return out;
}

/**
 * What changed for a household between two of its reports (`previous` older than `current`).
 * Pure: reads the two bodies and the catalogue only. Members are matched by person id; supporters
 * are not compared. Household-level changes come first, then each member's in the order of
 * `current.members`, so the result is the same for the same reports.
 */
/** Programme conclusions as `PROGRAMME:CONCLUSION`, in programme order; a provisional one by what it rested on. */
const conclusionsOf = (a: NonNullable<ReportBody['assessment']>): string[] => a.eligibility.map((e) => `${e.programme}:${e.onAnswered ?? e.conclusion}`);

/**
 * An urgent request is assessed before every source has answered and approved provisionally on
 * that; when the rest answers and a programme's conclusion is no longer the same, the offices
 * that acted on it must hear (CONCLUSION_CHANGED, before and after as `PROGRAMME:CONCLUSION`).
 */
export function conclusionChange(provisional: ReportBody['assessment'], settled: ReportBody['assessment']): DetectedChange | null {
  if (!provisional || !settled) return null;
  const before = conclusionsOf(provisional);
  const after = conclusionsOf(settled);
  return before.join() === after.join() ? null : { kind: 'CONCLUSION_CHANGED', personId: null, attributes: [], before, after };
}

export function detectChanges(previous: ReportBody, current: ReportBody, catalog: Catalog, options: DetectOptions): DetectedChange[] {
  if (!(options.incomeChangeShare >= 0) || !Number.isFinite(options.incomeChangeShare)) {
    throw new RangeError(`incomeChangeShare must be a finite number >= 0, got ${options.incomeChangeShare}`);
  }
  const beforeIds = previous.members.map((m) => m.personId).sort();
  const afterIds = current.members.map((m) => m.personId).sort();
  const out: DetectedChange[] = [];
  for (const id of afterIds) if (!beforeIds.includes(id)) out.push({ kind: 'MEMBER_ADDED', personId: id, attributes: [], before: beforeIds, after: afterIds });
  for (const id of beforeIds) if (!afterIds.includes(id)) out.push({ kind: 'MEMBER_REMOVED', personId: id, attributes: [], before: beforeIds, after: afterIds });

  const previousById = new Map(previous.members.map((m) => [m.personId, m]));
  for (const member of current.members) {
    const earlier = previousById.get(member.personId);
    if (earlier) out.push(...memberChanges(catalog, earlier, member, current.household.regionCode, options));
  }
  return out;
}
