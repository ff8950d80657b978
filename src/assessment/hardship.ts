import type { HardshipGroup, HardshipIndex, HardshipItem, Scoring } from '../regional-policy/index.js';
import { clamp01, round, unique } from './read.js';
import { allHold, matching, reference, type RuleContext } from './rules.js';

/** Assistance recorded as given to the household (`recordAssistance`): what the index reads of it. */
export interface AssistanceGiven {
  programme: string;
  /** YYYY-MM-DD. */
  date: string;
}

export interface HardshipContribution {
  /** The item's code (named `factor` since the 9-factor index). */
  factor: string;
  group: HardshipGroup;
  zh: string;
  en: string;
  /** How the item scored (the policy's scoring kind). */
  kind: Scoring['kind'];
  weight: number;
  /** In [0, 1], shown to 4 decimals. */
  score: number;
  /** weight x score, rounded to 0.1. */
  points: number;
  attributes: string[];
}

export interface HardshipGroupTotal {
  group: HardshipGroup;
  zh: string;
  en: string;
  weight: number;
  /** Sum of the group's items' points. */
  points: number;
}

export interface Hardship {
  /** 0-100: the sum of the points as listed, so anyone can add them up again. */
  index: number;
  groups: HardshipGroupTotal[];
  contributions: HardshipContribution[];
}

/** The hardship of an assessment stored before the itemised index (the 9 factors, no groups). */
export interface LegacyHardship {
  index: number;
  contributions: { factor: string; weight: number; score: number; points: number; attributes: string[] }[];
}

const DAY = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** 1 when none of the programmes was given in the `withinDays` days up to `on`, else 0. */
function noRecordedAssistance(s: Extract<Scoring, { kind: 'no-recorded-assistance' }>, given: readonly AssistanceGiven[], on: string): number {
  const recent = given.filter((g) => {
    const age = daysBetween(g.date, on);
    return age >= 0 && age < s.withinDays && (s.programmes === undefined || s.programmes.includes(g.programme));
  });
  return recent.length === 0 ? 1 : 0;
}

function scoreOf(ctx: RuleContext, s: Scoring, given: readonly AssistanceGiven[], on: string): [number, string[]] {
  switch (s.kind) {
    case 'member-share': {
      const { matched, attributes } = matching(ctx, s.who);
      return [ctx.present.length === 0 ? 0 : matched.length / ctx.present.length, attributes];
    }
    case 'condition': {
      const o = allHold(ctx, s.when);
      return [o.holds ? 1 : 0, o.attributes];
    }
    case 'figure-gap': {
      const f = ctx.figures[s.figure];
      const ref = reference(ctx, s.below);
      // With a reference of 0 (no deposits allowed at all), only a figure of 0 scores.
      return [ref > 0 ? clamp01((ref - f.value) / ref) : f.value > 0 ? 0 : 1, f.attributes];
    }
    case 'figure-ratio': {
      const f = ctx.figures[s.figure];
      const of = ctx.figures[s.of];
      return [clamp01(f.value / Math.max(of.value, 1)), [...f.attributes, ...of.attributes]];
    }
    case 'no-recorded-assistance':
      return [noRecordedAssistance(s, given, on), []];
  }
}

function contribution(item: HardshipItem, score: number, attributes: string[]): HardshipContribution {
  // Keys in canonical order, as the report's objects are built (canonical/inKeyOrder).
  return { attributes: unique(attributes), en: item.en, factor: item.code, group: item.group, kind: item.score.kind, points: round(item.weight * score, 1), score: round(score, 4), weight: item.weight, zh: item.zh };
}

/** Group subtotals and the index from the contributions' points, as listed. */
function totals(index: HardshipIndex, contributions: HardshipContribution[]): Hardship {
  const groups = index.groups.map((g) => ({ ...g, points: round(contributions.filter((c) => c.group === g.group).reduce((s, c) => s + c.points, 0), 1) }));
  const sum = contributions.reduce((s, c) => s + c.points, 0);
  return { index: round(Math.min(100, Math.max(0, sum)), 1), groups, contributions };
}

/**
 * The hardship index (困难指数): each item's score in [0, 1] times its weight, rounded to 0.1;
 * group subtotals; the index is the sum of the points. `given` is the assistance recorded so far
 * (none inside a verification: the household status adds it, `rescoreHardship`).
 */
export function hardship(ctx: RuleContext, index: HardshipIndex, given: readonly AssistanceGiven[], on: string): Hardship {
  const contributions = index.items.map((item) => {
    const [score, attributes] = scoreOf(ctx, item.score, given, on);
    return contribution(item, score, attributes);
  });
  return totals(index, contributions);
}

/**
 * The index again after assistance was recorded: the items that read recorded assistance are scored
 * anew for `on`, every other item keeps its score from the assessment (no re-verification). An
 * assessment from before the itemised index (no `groups`) is returned unchanged.
 */
export function rescoreHardship(h: Hardship | LegacyHardship, index: HardshipIndex, given: readonly AssistanceGiven[], on: string): Hardship | LegacyHardship {
  if (!('groups' in h) || !Array.isArray(h.groups)) return h;
  const stored = h as Hardship;
  const contributions = stored.contributions.map((c) => {
    const item = index.items.find((i) => i.code === c.factor);
    if (!item || item.score.kind !== 'no-recorded-assistance') return c;
    return contribution(item, noRecordedAssistance(item.score, given, on), c.attributes);
  });
  return totals({ ...index, groups: index.groups }, contributions);
}
