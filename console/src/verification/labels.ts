import type { Language } from '../i18n';
// The server's own tables, not a copy: label-tables.ts is plain data with no imports, so the console
// shows the words the printed report and the API use (src/reports/labels.ts checks them against the enums).
import { CONCLUSION_LABELS, DISCREPANCY_LABELS, INCOME_KIND_LABELS, PROGRAMME_LABELS, PURPOSE_LABELS, RELATION_LABELS, REPORT_STATUS_LABELS, SEVERITY_LABELS, SEX_LABELS, SOURCE_STATUS_LABELS, type Label } from '../../../src/reports/label-tables.js';

export const LABELS = {
  conclusion: CONCLUSION_LABELS as Record<string, Label>,
  discrepancy: DISCREPANCY_LABELS as Record<string, Label>,
  incomeKind: INCOME_KIND_LABELS,
  programme: PROGRAMME_LABELS as Record<string, Label>,
  purpose: PURPOSE_LABELS,
  relation: RELATION_LABELS,
  reportStatus: REPORT_STATUS_LABELS,
  severity: SEVERITY_LABELS,
  sex: SEX_LABELS,
  sourceStatus: SOURCE_STATUS_LABELS,
};

export type LabelTable = keyof typeof LABELS;

/** A code's label in the page's language; the code itself when the table does not know it. */
export function codeLabel(language: Language, table: LabelTable, code: string): string {
  const l = LABELS[table][code];
  return l ? (language === 'en' ? l.en : l.zh) : code;
}

/** The codes of a table, in its order (for selects). */
export function codesOf(table: LabelTable): string[] {
  return Object.keys(LABELS[table]);
}

/** A relation typed or pasted as its code (HEAD) or its label in either language (户主, head). */
export function relationFrom(text: string): string | null {
  const t = text.trim();
  for (const [code, l] of Object.entries(RELATION_LABELS)) if (t.toUpperCase() === code || t === l.zh || t.toLowerCase() === l.en) return code;
  return null;
}

/** Instants in the region's time zone (Asia/Shanghai by default), never UTC. */
export const TIME_ZONE = 'Asia/Shanghai';

export function formatInstant(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatAmount(value: number, language: Language): string {
  return new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** The catalogue's and the assessment's units as people write them; a count needs none. */
const UNITS: Record<string, Label> = {
  CNY: { zh: '元', en: 'CNY' },
  'CNY/month': { zh: '元/月', en: 'CNY/month' },
  'CNY/year': { zh: '元/年', en: 'CNY/year' },
  count: { zh: '', en: '' },
  'kWh/month': { zh: '千瓦时/月', en: 'kWh/month' },
  m2: { zh: '平方米', en: 'm²' },
  'm3/month': { zh: '立方米/月', en: 'm³/month' },
  mu: { zh: '亩', en: 'mu' },
  years: { zh: '年', en: 'years' },
};

/** A value with its unit: money with two decimals, counts and other measures as they are. */
export function formatQuantity(value: number, unit: string | null | undefined, language: Language): string {
  const money = unit?.startsWith('CNY') ?? false;
  const number = money ? formatAmount(value, language) : new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
  const label = unit ? (UNITS[unit] ? (language === 'en' ? UNITS[unit].en : UNITS[unit].zh) : unit) : '';
  return label ? `${number} ${label}` : number;
}

/** Chinese punctuation in Chinese, ASCII in English. */
export function colon(language: Language): string {
  return language === 'en' ? ': ' : '：';
}

export function inParens(language: Language, text: string): string {
  return language === 'en' ? ` (${text})` : `（${text}）`;
}

export function listJoin(language: Language, items: string[]): string {
  return items.join(language === 'en' ? ', ' : '、');
}
