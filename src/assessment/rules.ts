import type { AttributeValue, Catalog } from '../catalog/index.js';
import type { AttributeTest, Comparison, Condition, MemberTest, Reference, RuleFigure } from '../regional-policy/index.js';
import type { Figure } from './model.js';
import { readingOf, readingsIn } from './read.js';
import type { MemberWork } from './work.js';

/**
 * Evaluates the policy's rule vocabulary (rules.ts in regional-policy) over an assessment in the
 * making: member tests, household conditions, references to the area's standards.
 */
export interface RuleContext {
  catalog: Catalog;
  /** Counted (co-resident) members. */
  present: readonly MemberWork[];
  /** Rounded household figures, as reported. */
  figures: Record<RuleFigure, Figure>;
  standards: { minimumLiving: number; lowIncome: number; depositLimit: number };
  /** Codes in the assessment's lists, for `flag` conditions. */
  lists: { needTags: readonly string[]; targetGroups: readonly string[]; specialGroups: readonly string[]; eligibleProgrammes: readonly string[]; vetoes: readonly string[] };
}

/** Whether something holds, with the attribute codes read and the persons it concerns. */
export interface Outcome {
  holds: boolean;
  attributes: string[];
  persons: string[];
}

/** A recorded value compared with a rule's value; a type that does not fit compares false, never guessed. */
export function compare(v: AttributeValue, op: Comparison, target: number | boolean | string | readonly string[]): boolean {
  if (op === 'in') return Array.isArray(target) && typeof v === 'string' && target.includes(v);
  if (op === 'eq') return v === target;
  if (op === 'ne') return v !== target;
  if (typeof v !== 'number' || typeof target !== 'number') return false;
  if (op === 'gt') return v > target;
  if (op === 'gte') return v >= target;
  if (op === 'lt') return v < target;
  return v <= target;
}

/** Any reading of the category (or code: the policy schema gives exactly one) compares true; the codes read are the provenance. */
function attributeHolds(catalog: Catalog, m: MemberWork, t: AttributeTest): { holds: boolean; codes: string[] } {
  const rs = t.code !== undefined ? readingOf(catalog, m.person, t.code) : readingsIn(catalog, m.person, t.category!);
  return { holds: rs.some((r) => compare(r.value, t.op, t.value)), codes: rs.map((r) => r.attribute.code) };
}

/** Whether a member passes every test given (an empty test passes everyone). */
export function memberMatches(catalog: Catalog, m: MemberWork, who: MemberTest): { holds: boolean; attributes: string[] } {
  const age = m.condition.age;
  if (who.ageAtLeast !== undefined && age < who.ageAtLeast) return { holds: false, attributes: [] };
  if (who.ageBelow !== undefined && age >= who.ageBelow) return { holds: false, attributes: [] };
  if (who.relations && !(who.relations as readonly string[]).includes(m.person.relation)) return { holds: false, attributes: [] };
  const attributes: string[] = [];
  if (who.coefficient) {
    attributes.push(...m.coefficient.attributes);
    if (!compare(m.coefficient.value, who.coefficient.op, who.coefficient.value)) return { holds: false, attributes };
  }
  for (const t of who.attributes ?? []) {
    const r = attributeHolds(catalog, m, t);
    attributes.push(...r.codes);
    if (!r.holds) return { holds: false, attributes };
  }
  if (who.anyAttribute) {
    const rs = who.anyAttribute.map((t) => attributeHolds(catalog, m, t));
    attributes.push(...rs.flatMap((r) => r.codes));
    if (!rs.some((r) => r.holds)) return { holds: false, attributes };
  }
  return { holds: true, attributes };
}

/** Counted members matching, with every code read on the way. */
export function matching(ctx: RuleContext, who: MemberTest): { matched: MemberWork[]; attributes: string[] } {
  const matched: MemberWork[] = [];
  const attributes: string[] = [];
  for (const m of ctx.present) {
    const r = memberMatches(ctx.catalog, m, who);
    attributes.push(...r.attributes);
    if (r.holds) matched.push(m);
  }
  return { matched, attributes };
}

export function reference(ctx: RuleContext, ref: Reference): number {
  return typeof ref === 'number' ? ref : ctx.standards[ref.standard] * ref.times;
}

export function conditionHolds(ctx: RuleContext, c: Condition): Outcome {
  if (c.kind === 'members') {
    const { matched, attributes } = matching(ctx, c.who);
    const n = ctx.present.length;
    const holds = c.count ? compare(matched.length, c.count.op, c.count.value) : compare(n === 0 ? 0 : matched.length / n, c.share!.op, c.share!.value);
    return { holds, attributes, persons: matched.map((m) => m.person.personId) };
  }
  if (c.kind === 'figure') {
    const f = ctx.figures[c.figure];
    return { holds: compare(f.value, c.op, reference(ctx, c.than)), attributes: f.attributes, persons: f.persons };
  }
  const present = ctx.lists[c.list].includes(c.has);
  return { holds: c.absent ? !present : present, attributes: [], persons: [] };
}

/** Every condition holds (all are evaluated, so the provenance lists what was read). */
export function allHold(ctx: RuleContext, when: readonly Condition[]): Outcome {
  const outcomes = when.map((c) => conditionHolds(ctx, c));
  return { holds: outcomes.every((o) => o.holds), attributes: outcomes.flatMap((o) => o.attributes), persons: outcomes.flatMap((o) => o.persons) };
}
