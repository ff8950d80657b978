import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORIES } from '../catalog/index.js';

/**
 * The rule vocabulary of the hardship index, the urgency colours and the special groups: small
 * and generic, so that a region changes its rules by editing data, never code (docs/ASSESSMENT.md).
 */

const CODE = /^[A-Z][A-Z0-9_]*$/;
const ATTRIBUTE_CODE = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'] as const;
export type Comparison = (typeof COMPARISONS)[number];
const numberComparison = z.strictObject({ op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']), value: z.number() });

/** An attribute test on one member: any reading of the category (or code) compares true. */
const attributeTestSchema = z
  .strictObject({
    category: z.enum(CATEGORIES).optional(),
    code: z.string().regex(ATTRIBUTE_CODE).optional(),
    op: z.enum(COMPARISONS),
    value: z.union([z.number(), z.boolean(), z.string(), z.array(z.string()).min(1)]),
  })
  .refine((t) => (t.category === undefined) !== (t.code === undefined), { message: 'give exactly one of category or code', path: ['category'] })
  .refine((t) => (t.op === 'in') === Array.isArray(t.value), { message: "op 'in' takes a list of values, the other ops one value", path: ['value'] });
export type AttributeTest = z.infer<typeof attributeTestSchema>;

/** Relations to the household head (as the verification request gives them). */
export const RELATIONS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER'] as const;

/** Which counted members a rule is about: every test given must hold (an empty test matches everyone). */
const memberTestSchema = z.strictObject({
  ageAtLeast: z.int().min(0).max(200).optional(),
  ageBelow: z.int().min(0).max(200).optional(),
  relations: z.array(z.enum(RELATIONS)).min(1).optional(),
  coefficient: numberComparison.optional(),
  /** Every one of these holds. */
  attributes: z.array(attributeTestSchema).min(1).optional(),
  /** At least one of these holds. */
  anyAttribute: z.array(attributeTestSchema).min(1).optional(),
});
export type MemberTest = z.infer<typeof memberTestSchema>;

/** Household figures a rule may read (`countedMembers` and `vetoes` are counts). */
export const RULE_FIGURES = ['perCapita', 'perCapitaBeforeDeductions', 'gross', 'net', 'rigidDeductions', 'depositsPerCapita', 'vehicles', 'properties', 'businessCapital', 'countedMembers', 'vetoes'] as const;
export type RuleFigure = (typeof RULE_FIGURES)[number];

/** A number, or a standard of the household's area (or the deposit limit) times a multiple. */
const referenceSchema = z.union([z.number(), z.strictObject({ standard: z.enum(['minimumLiving', 'lowIncome', 'depositLimit']), times: z.number().positive().default(1) })]);
export type Reference = z.infer<typeof referenceSchema>;

export const FLAG_LISTS = ['needTags', 'targetGroups', 'specialGroups', 'eligibleProgrammes', 'vetoes'] as const;

/** A household condition. */
const conditionSchema = z.discriminatedUnion('kind', [
  /** How many counted members match (count), or which share of them (share, 0-1). */
  z
    .strictObject({ kind: z.literal('members'), who: memberTestSchema, count: numberComparison.optional(), share: numberComparison.optional() })
    .refine((c) => (c.count === undefined) !== (c.share === undefined), { message: 'give exactly one of count or share', path: ['count'] }),
  z.strictObject({ kind: z.literal('figure'), figure: z.enum(RULE_FIGURES), op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']), than: referenceSchema }),
  /** A code present in (or, with absent: true, missing from) one of the assessment's lists. */
  z.strictObject({ kind: z.literal('flag'), list: z.enum(FLAG_LISTS), has: z.string().regex(CODE), absent: z.boolean().default(false) }),
]);
export type Condition = z.infer<typeof conditionSchema>;

export const HARDSHIP_GROUPS = ['STATUS', 'INCOME', 'ASSETS'] as const;
export type HardshipGroup = (typeof HARDSHIP_GROUPS)[number];

/** How an item scores, in [0, 1]. */
const scoringSchema = z.discriminatedUnion('kind', [
  /** Share of counted members matching. */
  z.strictObject({ kind: z.literal('member-share'), who: memberTestSchema }),
  /** 1 when every condition holds, else 0. */
  z.strictObject({ kind: z.literal('condition'), when: z.array(conditionSchema).min(1) }),
  /** How far a figure lies below a reference: clamp((reference - figure) / reference); a reference of 0 scores 1 only for a figure of 0. */
  z.strictObject({ kind: z.literal('figure-gap'), figure: z.enum(RULE_FIGURES), below: referenceSchema }),
  /** A figure as a share of another: clamp(figure / max(of, 1)). */
  z.strictObject({ kind: z.literal('figure-ratio'), figure: z.enum(RULE_FIGURES), of: z.enum(RULE_FIGURES) }),
  /** 1 when no assistance (of these programmes; any when absent) was recorded in the last `withinDays` days, else 0. */
  z.strictObject({ kind: z.literal('no-recorded-assistance'), withinDays: z.int().min(1).max(3660), programmes: z.array(z.string().regex(CODE)).min(1).optional() }),
]);
export type Scoring = z.infer<typeof scoringSchema>;

const itemSchema = z.strictObject({
  code: z.string().regex(CODE),
  zh: z.string().min(1),
  en: z.string().min(1),
  group: z.enum(HARDSHIP_GROUPS),
  weight: z.number().min(0).max(100),
  score: scoringSchema,
});
export type HardshipItem = z.infer<typeof itemSchema>;

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * The hardship index (困难指数): groups with their weights, items with theirs. Items' weights add up
 * to their group's weight, and the groups' to 100; every group has an item; codes are unique.
 */
export const hardshipIndexSchema = z
  .strictObject({
    /** The sentence the index comes from. */
    source: z.string().optional(),
    groups: z.array(z.strictObject({ group: z.enum(HARDSHIP_GROUPS), zh: z.string().min(1), en: z.string().min(1), weight: z.number().min(0).max(100) })).length(HARDSHIP_GROUPS.length),
    items: z.array(itemSchema).min(1),
  })
  .superRefine((index, ctx) => {
    index.groups.forEach((g, i) => {
      if (g.group !== HARDSHIP_GROUPS[i]) ctx.addIssue({ code: 'custom', message: `groups must be ${HARDSHIP_GROUPS.join(', ')} in this order`, path: ['groups', i, 'group'] });
      const items = index.items.filter((it) => it.group === g.group);
      const sum = items.reduce((s, it) => s + it.weight, 0);
      if (items.length === 0) ctx.addIssue({ code: 'custom', message: `group ${g.group} has no item`, path: ['groups', i, 'group'] });
      else if (!close(sum, g.weight)) ctx.addIssue({ code: 'custom', message: `the weights of the ${g.group} items add up to ${sum}, not to the group's weight ${g.weight}`, path: ['groups', i, 'weight'] });
    });
    const total = index.groups.reduce((s, g) => s + g.weight, 0);
    if (!close(total, 100)) ctx.addIssue({ code: 'custom', message: `group weights add up to ${total}, not 100`, path: ['groups'] });
    const seen = new Set<string>();
    index.items.forEach((it, i) => {
      if (seen.has(it.code)) ctx.addIssue({ code: 'custom', message: `duplicate item code ${it.code}`, path: ['items', i, 'code'] });
      seen.add(it.code);
    });
  });
export type HardshipIndex = z.infer<typeof hardshipIndexSchema>;

/** A rule: every condition holds. */
const ruleSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1), when: z.array(conditionSchema).min(1) });

export const URGENCY_COLOURS = ['RED', 'YELLOW', 'BLUE', 'GREEN'] as const;
export type UrgencyColour = (typeof URGENCY_COLOURS)[number];

/** The four-colour response (四色预警): colours tried in order, the first with a rule that holds. */
export const urgencySchema = z
  .strictObject({
    source: z.string().optional(),
    /** A household with a veto clause gets no colour (urgent help still goes through the veto review). */
    exceptVetoed: z.boolean(),
    colours: z.array(z.strictObject({ colour: z.enum(URGENCY_COLOURS), zh: z.string().min(1), en: z.string().min(1), rules: z.array(ruleSchema).min(1) })).min(1),
  })
  .refine((u) => new Set(u.colours.map((c) => c.colour)).size === u.colours.length, { message: 'a colour is listed twice', path: ['colours'] });
export type Urgency = z.infer<typeof urgencySchema>;

/** Groups screened regularly for active discovery (主动发现), each with its rule. */
export const specialGroupsSchema = z
  .array(z.strictObject({ code: z.string().regex(CODE), zh: z.string().min(1), en: z.string().min(1), when: z.array(conditionSchema).min(1) }))
  .refine((gs) => new Set(gs.map((g) => g.code)).size === gs.length, { message: 'a special group code is listed twice' });
export type SpecialGroupRule = z.infer<typeof specialGroupsSchema>[number];

/** Recording assistance: the window within which the same programme again is a repeat. */
export const repeatAssistanceSchema = z.strictObject({ windowDays: z.int().min(1).max(3660) });

function withoutAbout(doc: Record<string, unknown>): Record<string, unknown> {
  const { about: _about, ...sections } = doc;
  return sections;
}

/**
 * The sections above as they stood when they were introduced: a policy version stored before them
 * (with the 9-factor `hardshipWeights`) is read with these, so old versions still resolve.
 */
export const RULE_DEFAULTS = z
  .strictObject({ hardshipIndex: hardshipIndexSchema, urgency: urgencySchema, specialGroups: specialGroupsSchema, repeatAssistance: repeatAssistanceSchema })
  .parse(withoutAbout(JSON.parse(readFileSync(new URL('./data/defaults/rules-2026.json', import.meta.url), 'utf8'))));

export interface AssessmentRules {
  hardshipIndex: HardshipIndex;
  urgency: Urgency;
  specialGroups: SpecialGroupRule[];
  repeatAssistance: z.infer<typeof repeatAssistanceSchema>;
}

/** A policy's sections of this file, `RULE_DEFAULTS` for those a version from before them lacks. */
export function assessmentRules(p: Partial<AssessmentRules>): AssessmentRules {
  return {
    hardshipIndex: p.hardshipIndex ?? RULE_DEFAULTS.hardshipIndex,
    urgency: p.urgency ?? RULE_DEFAULTS.urgency,
    specialGroups: p.specialGroups ?? RULE_DEFAULTS.specialGroups,
    repeatAssistance: p.repeatAssistance ?? RULE_DEFAULTS.repeatAssistance,
  };
}
