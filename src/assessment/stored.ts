import type { Assessment, FiredVeto, ProgrammeConclusion } from './model.js';

/**
 * Reports stored before conclusions existed keep their assessment as it was: eligibility entries
 * with programme, eligible and reasons only, vetoes without an outcome (they all rejected then).
 * Readers of stored reports read them through these, so old reports still show.
 */
type StoredConclusion = Pick<ProgrammeConclusion, 'programme' | 'eligible' | 'reasons'> & Partial<ProgrammeConclusion>;
type StoredVeto = Omit<FiredVeto, 'outcome' | 'deferMonths'> & Partial<Pick<FiredVeto, 'outcome' | 'deferMonths'>>;

export function storedConclusion(e: StoredConclusion): ProgrammeConclusion {
  return {
    programme: e.programme,
    conclusion: e.conclusion ?? (e.eligible ? 'ELIGIBLE' : 'NOT_ELIGIBLE'),
    eligible: e.eligible,
    // An old reason is an English sentence only; it becomes a ground without a code or figure.
    grounds: e.grounds ?? e.reasons.map((en) => ({ code: 'STORED_REASON', holds: e.eligible, zh: en, en, figure: null })),
    reasons: e.reasons,
    benefit: e.benefit ?? null,
    missing: e.missing ?? [],
    ...(e.onAnswered ? { onAnswered: e.onAnswered } : {}),
  };
}

export function storedVeto(v: StoredVeto): FiredVeto {
  return { ...v, outcome: v.outcome ?? 'REJECT', deferMonths: v.deferMonths ?? null };
}

/** A stored assessment's eligibility and vetoes in the current shape. */
export function storedAssessment(a: Assessment): Pick<Assessment, 'eligibility' | 'vetoes'> {
  return { eligibility: (a.eligibility as StoredConclusion[]).map(storedConclusion), vetoes: (a.vetoes as StoredVeto[]).map(storedVeto) };
}
