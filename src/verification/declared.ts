import { inKeyOrder } from '../canonical/index.js';
import type { Catalog } from '../catalog/index.js';
import { HubError } from '../errors/index.js';
import type { DeclaredAssets, DeclaredIncome } from '../reports/index.js';

// What a household declares: income by kind per member, assets by kind; every figure checked and named.

const INCOME_KINDS = ['wage', 'business', 'pension', 'property', 'transfer', 'other'] as const satisfies readonly (keyof DeclaredIncome)[];
const MONEY_ASSETS = ['deposits', 'wealthProducts', 'funds', 'securities', 'housingFund', 'insuranceCashValue', 'businessCapital'] as const;
const COUNT_ASSETS = ['vehicles', 'properties', 'businesses'] as const;

function bad(field: string, reason: string): never {
  throw new HubError('BAD_USER_INPUT', `${field}: ${reason}`, { field });
}

/** A declared figure: absent is null; otherwise finite, not negative, plausible (whole when `integer`). */
export function declaredFigure(value: number | null | undefined, field: string, integer = false): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) bad(field, 'must be a number');
  if (value < 0) bad(field, `must not be negative, got ${value}`);
  if (integer && !Number.isInteger(value)) bad(field, `must be a whole number, got ${value}`);
  if (value > 1e12) bad(field, `is implausibly large (${value})`);
  return value;
}

const cents = (v: number): number => Math.round(v * 100);

/**
 * A member's declared income: by kind (a kind left out is none) and the total. Given both, the
 * total must be the kinds' sum; given the kinds only, the total is their sum.
 */
export function declaredIncomeOf(m: { declaredMonthlyIncome?: number | null; declaredIncome?: Partial<DeclaredIncome> | null }, at: string): { declaredMonthlyIncome: number | null; declaredIncome: DeclaredIncome | null } {
  const total = declaredFigure(m.declaredMonthlyIncome, `${at}.declaredMonthlyIncome`);
  if (!m.declaredIncome) return { declaredMonthlyIncome: total, declaredIncome: null };
  // Built in canonical key order, as the report holding it is (canonical/inKeyOrder).
  const byKind = inKeyOrder(INCOME_KINDS.map((k) => [k, declaredFigure(m.declaredIncome![k], `${at}.declaredIncome.${k}`)])) as unknown as DeclaredIncome;
  const sum = INCOME_KINDS.reduce((s, k) => s + (byKind[k] ?? 0), 0);
  if (total !== null && Math.abs(cents(total) - cents(sum)) > 1) bad(`${at}.declaredMonthlyIncome`, `must be the sum of declaredIncome (${sum.toFixed(2)}), or be left out`);
  return { declaredMonthlyIncome: total ?? Math.round(sum * 100) / 100, declaredIncome: byKind };
}

/** Deposits declared bank by bank: banks of the catalogue, each once. */
function byBank(list: readonly { bank: string; amount: number }[], catalog: Catalog, at: string): { bank: string; amount: number }[] {
  const seen = new Set<string>();
  return list.map((d, i) => {
    const source = catalog.source(d.bank);
    if (!source || source.family !== 'bank') bad(`${at}[${i}].bank`, `no bank ${JSON.stringify(d.bank)} in the catalogue (a bank's source id, e.g. bank_icbc)`);
    if (seen.has(d.bank)) bad(`${at}[${i}].bank`, `${d.bank} is listed twice`);
    seen.add(d.bank);
    const amount = declaredFigure(d.amount, `${at}[${i}].amount`);
    if (amount === null) bad(`${at}[${i}].amount`, 'is required');
    return { amount, bank: d.bank };
  });
}

/**
 * The household's declared assets, every field checked; null when none were declared. A kind the
 * client did not send stays null: not declared, so not compared (an old client sends only deposits,
 * vehicles, properties and businesses); a kind sent as 0 is declared none and compared.
 */
export function declaredAssetsOf(a: Partial<DeclaredAssets> | null | undefined, catalog: Catalog): DeclaredAssets | null {
  if (!a) return null;
  const at = 'input.household.declaredAssets';
  const out = {} as DeclaredAssets;
  for (const k of MONEY_ASSETS) out[k] = declaredFigure(a[k], `${at}.${k}`);
  for (const k of COUNT_ASSETS) out[k] = declaredFigure(a[k], `${at}.${k}`, true);
  out.land = declaredFigure(a.land, `${at}.land`);
  out.depositsByBank = a.depositsByBank ? byBank(a.depositsByBank, catalog, `${at}.depositsByBank`) : null;
  if (out.depositsByBank) {
    const sum = out.depositsByBank.reduce((s, d) => s + d.amount, 0);
    if (out.deposits === null) out.deposits = Math.round(sum * 100) / 100;
    else if (cents(out.deposits) + 1 < cents(sum)) bad(`${at}.deposits`, `must not be below the sum of depositsByBank (${sum.toFixed(2)})`);
  }
  // Checked in the order above (the first bad field is the one named); kept in the report's key order.
  return inKeyOrder(Object.entries(out)) as unknown as DeclaredAssets;
}
