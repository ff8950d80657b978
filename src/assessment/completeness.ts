import type { Catalog, Category } from '../catalog/index.js';
import { RIGID_EXPENDITURE_KINDS } from '../regional-policy/index.js';
import type { Assessment, Figure, MissingSource, Programme, ProgrammeConclusion } from './model.js';
import { ground } from './grounds.js';

/*
 * 以核為準 (巴林左旗, seed 002): what rests on a source that did not answer is not verified. A figure made from the
 * records of a kind some missing source holds is marked provisional with the sources (and their
 * status); a programme never concludes ELIGIBLE on missing evidence. A NOT_ELIGIBLE conclusion
 * stands when only asset records are missing (more of them can only add assets and vetoes), or on a
 * verified disqualifier (a veto that fired, an asset limit exceeded); a missing income-side record
 * can lower income (a medical bill, a disability grade) and so change an income test either way.
 */

/** The kinds of record the income side of the means test reads: income, work, status, rigid expenditure, farm land, hukou. */
const INCOME_SIDE = ['income.', 'activity.employment', 'status.', ...Object.values(RIGID_EXPENDITURE_KINDS), 'asset.land', 'identity.hukou_type', 'identity.birth_date'];
/** The kinds of record the asset test and the vetoes read (utility usage is a veto's and the hardship index's sign of means). */
const ASSET_SIDE = ['asset.', 'liability.', 'status.', 'activity.employment', 'activity.usage'];

/** Failed grounds that no missing record can undo. */
const VERIFIED_DISQUALIFIER = /^(VETO_|ASSET_LIMIT_|MARGINAL_ASSET_LIMIT_)/;

const reads = (prefixes: readonly string[]) => (category: Category) => prefixes.some((p) => category.startsWith(p));
const readByTheMeansTest = (category: Category) => reads(INCOME_SIDE)(category) || reads(ASSET_SIDE)(category);

/** The attribute codes the means test reads: what a verification asked for its assessment must fetch. */
export function meansTestAttributes(catalog: Catalog): string[] {
  return catalog.attributes.filter((a) => readByTheMeansTest(a.category)).map((a) => a.code);
}

/** The sources holding records the means test reads. */
export function meansTestSources(catalog: Catalog): string[] {
  return catalog.sources.filter((s) => catalog.attributesOf(s.id).some((a) => readByTheMeansTest(a.category))).map((s) => s.id);
}

/** The missing sources holding any record of a kind `accept` takes. */
function holding(missing: readonly MissingSource[], catalog: Catalog, accept: (c: Category) => boolean): MissingSource[] {
  return missing.filter((m) => catalog.attributesOf(m.source).some((a) => accept(a.category)));
}

const isFigure = (v: unknown): v is Figure => typeof v === 'object' && v !== null && 'rule' in v && 'value' in v && 'unit' in v && 'attributes' in v;

/** Every figure of the assessment, wherever it sits (members, household, assets, grounds, benefits, hardship). */
export function eachFigure(value: unknown, visit: (f: Figure) => void, seen = new Set<object>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (isFigure(value)) visit(value);
  // Primitives (most of what a figure holds: its attribute codes) are skipped here rather than in a call each.
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (typeof v === 'object' && v !== null) eachFigure(v, visit, seen);
}

/** Grounds that are another programme's conclusion: provisional when that one is. */
const RESTS_ON: Record<string, Programme> = { NOT_MINIMUM_LIVING: 'MINIMUM_LIVING', EXTREME_POVERTY_INSTEAD: 'EXTREME_POVERTY' };

function provisionalOf(p: ProgrammeConclusion, relevant: readonly MissingSource[]): ProgrammeConclusion {
  const named = relevant.slice(0, 5).map((m) => m.source).join(', ');
  const sources = relevant.length > 5 ? `${named} (+${relevant.length - 5})` : named;
  const provisional = ground(
    'SOURCES_MISSING',
    false,
    `结论待定：${sources} 未答复或未查询，相关收入、财产未经核实`,
    `Provisional: ${sources} did not answer or were not asked; the income and assets they hold are not verified`,
  );
  const onAnswered = p.conclusion === 'ELIGIBLE' ? 'ELIGIBLE' : 'NOT_ELIGIBLE';
  return { ...p, conclusion: 'PROVISIONAL', onAnswered, eligible: false, grounds: [...p.grounds, provisional], reasons: [...p.reasons, provisional.en], missing: [...relevant] };
}

function conclude(p: ProgrammeConclusion, relevant: readonly MissingSource[], incomeSide: readonly MissingSource[]): ProgrammeConclusion {
  if (relevant.length === 0) return p;
  // An emergency needs no means test: nothing missing can change that conclusion.
  if (p.programme === 'TEMPORARY_ASSISTANCE' && p.grounds.some((g) => g.code === 'URGENT_REQUEST' && g.holds)) return p;
  if (p.conclusion === 'NOT_ELIGIBLE') {
    if (p.grounds.some((g) => !g.holds && VERIFIED_DISQUALIFIER.test(g.code))) return p;
    // Missing assets (a bank) can only add assets: they cannot make a failed income or spending
    // ground hold (a ground that is another programme's conclusion is followed in followProvisional).
    if (incomeSide.length === 0) return p;
  }
  return provisionalOf(p, relevant);
}

/**
 * A NOT_ELIGIBLE that rests on another programme's conclusion is provisional when that one is
 * (more assets can end 低保 and open 低保边缘); followed through chains (低保边缘 after 低保 after 特困).
 */
function followProvisional(conclusions: ProgrammeConclusion[]): ProgrammeConclusion[] {
  let current = conclusions;
  for (let pass = 0; pass < conclusions.length; pass += 1) {
    const provisional = new Map(current.filter((c) => c.conclusion === 'PROVISIONAL').map((c) => [c.programme, c]));
    const next = current.map((c) => {
      if (c.conclusion !== 'NOT_ELIGIBLE') return c;
      const on = c.grounds.filter((g) => !g.holds && g.code in RESTS_ON).map((g) => provisional.get(RESTS_ON[g.code]!)).find((x) => x);
      return on ? provisionalOf(c, on.missing) : c;
    });
    if (next.every((c, i) => c === current[i])) return next;
    current = next;
  }
  return current;
}

/**
 * Marks what rests on missing sources: each figure gets `provisional` (the missing sources of the
 * kinds it is made of), each programme its conclusion, and the assessment the list of missing
 * sources. With nothing missing the assessment is returned as it is.
 */
export function markProvisional(assessment: Assessment, missing: readonly MissingSource[], catalog: Catalog): Assessment {
  if (missing.length === 0) return assessment;
  const incomeSide = holding(missing, catalog, reads(INCOME_SIDE));
  const assetSide = holding(missing, catalog, reads(ASSET_SIDE));
  const either = [...new Map([...incomeSide, ...assetSide].map((m) => [m.source, m])).values()];
  eachFigure(assessment, (f) => {
    const side = f.rule.startsWith('assets.') || f.rule.startsWith('veto.') ? assetSide : f.rule.startsWith('benefit.') || f.rule.startsWith('hardship') ? either : incomeSide;
    if (side.length > 0) f.provisional = [...side];
  });
  return { ...assessment, missing: [...missing], eligibility: followProvisional(assessment.eligibility.map((p) => conclude(p, either, incomeSide))) };
}
