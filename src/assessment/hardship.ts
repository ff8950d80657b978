import { HARDSHIP_FACTORS, type HardshipFactor, type PolicyParameters } from '../regional-policy/index.js';
import type { Condition } from './labour.js';
import type { Assessment, Figure } from './model.js';
import { clamp01, round, unique } from './read.js';

export interface HardshipMember {
  condition: Condition;
  coefficient: Figure;
}

export interface HardshipInput {
  weights: PolicyParameters['hardshipWeights'];
  lowIncome: number;
  depositLimit: number;
  /** Counted members only. */
  members: readonly HardshipMember[];
  /** Rounded household figures, as reported. */
  perCapita: Figure;
  gross: Figure;
  rigidDeductions: Figure;
  properties: Figure;
  depositsPerCapita: Figure;
}

function share(members: readonly HardshipMember[], test: (m: HardshipMember) => boolean): number {
  return members.length === 0 ? 0 : members.filter(test).length / members.length;
}

/**
 * The hardship index: each factor's score in [0, 1] times its policy weight. Points are rounded to
 * 0.1 and the index is the sum of the points as listed, so anyone can add them up again.
 */
export function hardship(h: HardshipInput): Assessment['hardship'] {
  const ms = h.members;
  const scores: Record<HardshipFactor, [number, string[]]> = {
    INCOME_GAP: [h.lowIncome > 0 ? clamp01((h.lowIncome - h.perCapita.value) / h.lowIncome) : 0, h.perCapita.attributes],
    NO_LABOUR_CAPACITY: [share(ms, (m) => m.coefficient.value === 0), ms.flatMap((m) => m.coefficient.attributes)],
    ELDERLY: [share(ms, (m) => m.condition.age >= 60), []],
    SERIOUS_ILLNESS: [share(ms, (m) => m.condition.seriouslyIll), ms.flatMap((m) => m.condition.seriousIllnessAttributes)],
    SEVERE_DISABILITY: [share(ms, (m) => m.condition.severelyDisabled), ms.flatMap((m) => m.condition.disabilityAttributes)],
    CHILDREN_AND_STUDENTS: [share(ms, (m) => m.condition.age < 18 || m.condition.student), ms.flatMap((m) => m.condition.studentAttributes)],
    RIGID_EXPENDITURE: [clamp01(h.rigidDeductions.value / Math.max(h.gross.value, 1)), [...h.rigidDeductions.attributes, ...h.gross.attributes]],
    NO_PROPERTY: [h.properties.value === 0 ? 1 : 0, h.properties.attributes],
    // With no deposits allowed at all, only a household without any scores.
    LOW_DEPOSITS: [h.depositLimit > 0 ? clamp01(1 - h.depositsPerCapita.value / h.depositLimit) : h.depositsPerCapita.value > 0 ? 0 : 1, h.depositsPerCapita.attributes],
  };
  const contributions = HARDSHIP_FACTORS.map((factor) => {
    const weight = h.weights[factor] ?? 0;
    const [score, attributes] = scores[factor];
    return { factor, weight, score: round(score, 4), points: round(weight * score, 1), attributes: unique(attributes) };
  });
  const index = round(Math.min(100, Math.max(0, contributions.reduce((s, c) => s + c.points, 0))), 1);
  return { index, contributions };
}
