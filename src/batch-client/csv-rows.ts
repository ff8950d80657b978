import { isSpreadsheetNumber, ID_NUMBER_SCIENTIFIC_NOTATION, spreadsheetNumberMessage } from '../batch-files/index.js';
import { UsageError } from './errors.js';

/** A member's declared monthly income by kind: column -> the field of `declaredIncome`. */
const INCOME_COLUMNS = { wageIncome: 'wage', businessIncome: 'business', pensionIncome: 'pension', propertyIncome: 'property', transferIncome: 'transfer', otherIncome: 'other' } as const;
type IncomeColumn = keyof typeof INCOME_COLUMNS;
const CSV_COLUMNS = [
  'applicationRef',
  'regionCode',
  'externalRef',
  'idNumber',
  'name',
  'relation',
  'declaredMonthlyIncome',
  ...(Object.keys(INCOME_COLUMNS) as IncomeColumn[]),
  'deposits',
  'depositsByBank',
  'wealthProducts',
  'funds',
  'securities',
  'housingFund',
  'insuranceCashValue',
  'businessCapital',
  'land',
  'vehicles',
  'properties',
  'businesses',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
/** Needed on every row (the household's first row also needs HOUSEHOLD_REQUIRED). */
export const ROW_REQUIRED: CsvColumn[] = ['externalRef', 'idNumber', 'name', 'relation'];
export const HOUSEHOLD_REQUIRED: CsvColumn[] = ['applicationRef', 'regionCode'];
const ASSET_COLUMNS = ['deposits', 'wealthProducts', 'funds', 'securities', 'housingFund', 'insuranceCashValue', 'businessCapital', 'land', 'vehicles', 'properties', 'businesses'] as const;
const COUNT_COLUMNS: readonly string[] = ['vehicles', 'properties', 'businesses'];

export type CsvRecord = Record<string, string>;
export type DeclaredAssets = Partial<Record<(typeof ASSET_COLUMNS)[number], number>> & { depositsByBank?: { bank: string; amount: number }[] };
export type DeclaredIncome = Partial<Record<(typeof INCOME_COLUMNS)[IncomeColumn], number>>;

/** One row checked: its problems, else its numbers. */
export interface RowCheck {
  problems: string[];
  /** A stable code for the row's refusal, when one names it (ID_NUMBER_SCIENTIFIC_NOTATION). */
  code?: string;
  income: number | undefined;
  /** The member's income by kind; undefined when no kind column is filled. */
  incomeByKind: DeclaredIncome | undefined;
  /** Read on a household's first row only; null when none is given. */
  declaredAssets: DeclaredAssets | null;
}

/** The header row: known columns, each once, the required ones present. */
export function checkHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new UsageError(`unknown column(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')} in the header (columns: ${CSV_COLUMNS.join(',')})`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UsageError(`column ${JSON.stringify(twice)} appears twice in the header`);
  const missing = [...HOUSEHOLD_REQUIRED, ...ROW_REQUIRED].filter((c) => !names.includes(c));
  if (missing.length > 0) throw new UsageError(`the header lacks column(s) ${missing.join(', ')} (columns: ${CSV_COLUMNS.join(',')})`);
  return names;
}

export function missingColumns(record: CsvRecord, columns: readonly CsvColumn[]): CsvColumn[] {
  return columns.filter((c) => (record[c] ?? '').trim() === '');
}

/** What the reader noticed about a row: a CSV row with a different number of fields, a sheet's numeric cells. */
export interface RowShape {
  inconsistent: boolean;
  numeric: ReadonlySet<string>;
  headerWidth: number;
}

/** A member's row; `continuing` when it is not its household's first row (household columns are then ignored). */
export function checkRow(record: CsvRecord, shape: RowShape, continuing: boolean): RowCheck {
  const problems: string[] = [];
  if (shape.inconsistent) problems.push(`has a different number of fields than the header (${shape.headerWidth})`);
  // Caught here, by name: read as text it would only fail the check digit, and nobody would know why.
  const mangled = shape.numeric.has('idNumber') || isSpreadsheetNumber(record.idNumber ?? '');
  if (mangled) problems.push(spreadsheetNumberMessage('idNumber'));
  const missing = missingColumns(record, [...(continuing ? [] : HOUSEHOLD_REQUIRED), ...ROW_REQUIRED]);
  if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
  const income = numberCell(record, 'declaredMonthlyIncome', false);
  if (typeof income === 'string') problems.push(income);
  const kinds = (Object.keys(INCOME_COLUMNS) as IncomeColumn[]).map((c) => [INCOME_COLUMNS[c], numberCell(record, c, false)] as const);
  for (const [, v] of kinds) if (typeof v === 'string') problems.push(v);
  const kindsGiven = kinds.filter((k): k is readonly [(typeof k)[0], number] => typeof k[1] === 'number');
  const assets = continuing ? [] : ASSET_COLUMNS.map((c) => [c, numberCell(record, c, COUNT_COLUMNS.includes(c))] as const);
  for (const [, v] of assets) if (typeof v === 'string') problems.push(v);
  const given: [string, unknown][] = assets.filter((a): a is readonly [(typeof a)[0], number] => typeof a[1] === 'number').map(([c, v]) => [c, v]);
  const byBank = continuing ? undefined : bankCell(record);
  if (typeof byBank === 'string') problems.push(byBank);
  else if (byBank) given.push(['depositsByBank', byBank]);
  return {
    problems,
    ...(mangled ? { code: ID_NUMBER_SCIENTIFIC_NOTATION } : {}),
    income: typeof income === 'number' ? income : undefined,
    incomeByKind: kindsGiven.length > 0 ? Object.fromEntries(kindsGiven) : undefined,
    declaredAssets: given.length > 0 ? (Object.fromEntries(given) as DeclaredAssets) : null,
  };
}

/** `depositsByBank`: `bank_icbc:12000;bank_ccb:3000` (the bank's source id, a colon, the amount). */
function bankCell(record: CsvRecord): { bank: string; amount: number }[] | undefined | string {
  const text = (record.depositsByBank ?? '').trim();
  if (text === '') return undefined;
  const out: { bank: string; amount: number }[] = [];
  for (const item of text.split(';').map((x) => x.trim()).filter((x) => x !== '')) {
    const [bank, value, extra] = item.split(':').map((x) => x.trim());
    const amount = Number(value);
    if (!bank || value === undefined || value === '' || extra !== undefined || !Number.isFinite(amount)) return `depositsByBank: ${JSON.stringify(item)} is not bank:amount`;
    out.push({ bank, amount });
  }
  return out;
}

/** A number cell: '' is absent; anything else must be a number (a whole one when `integer`). */
function numberCell(record: CsvRecord, column: CsvColumn, integer: boolean): number | undefined | string {
  const text = (record[column] ?? '').trim();
  if (text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return `${column}: not a number`;
  if (integer && !Number.isInteger(value)) return `${column}: not a whole number`;
  return value;
}
