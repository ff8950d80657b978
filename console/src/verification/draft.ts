import type { Language, MessageKey } from '../i18n';
import { translate } from '../i18n';
import type { VerificationInput } from '../gql/graphql';
import { describeIdNumber } from './id-number';
import { relationFrom } from './labels';

/** What the verify form holds: strings as typed, turned into the API's input only when valid. */
export const INCOME_KINDS = ['wage', 'business', 'pension', 'property', 'transfer', 'other'] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

/** DeclaredAssetsInput's fields, in the order of the form; counts are whole numbers. */
export const ASSET_FIELDS = [
  { name: 'deposits', integer: false },
  { name: 'wealthProducts', integer: false },
  { name: 'funds', integer: false },
  { name: 'securities', integer: false },
  { name: 'housingFund', integer: false },
  { name: 'insuranceCashValue', integer: false },
  { name: 'businessCapital', integer: false },
  { name: 'land', integer: false },
  { name: 'vehicles', integer: true },
  { name: 'properties', integer: true },
  { name: 'businesses', integer: true },
] as const;
export type AssetField = (typeof ASSET_FIELDS)[number]['name'];

export interface MemberDraft {
  key: number;
  idNumber: string;
  name: string;
  relation: string;
  income: Record<IncomeKind, string>;
  /** The key of the adult member who signed a minor's consent. */
  guardian: string;
}

export interface BankDraft {
  key: number;
  bank: string;
  amount: string;
}

export interface VerifyDraft {
  regionCode: string;
  externalRef: string;
  applicationRef: string;
  purpose: string;
  members: MemberDraft[];
  assets: Record<AssetField, string>;
  banks: BankDraft[];
  validFrom: string;
  validUntil: string;
  consentFile: File | null;
}

let nextKey = 1;
export function newKey(): number {
  return nextKey++;
}

export function emptyMember(): MemberDraft {
  return { key: newKey(), idNumber: '', name: '', relation: 'HEAD', income: { wage: '', business: '', pension: '', property: '', transfer: '', other: '' }, guardian: '' };
}

export function emptyAssets(): Record<AssetField, string> {
  return Object.fromEntries(ASSET_FIELDS.map((f) => [f.name, ''])) as Record<AssetField, string>;
}

/** One problem of the form: the element it is about (to focus it) and what is wrong, naming the field. */
export interface Problem {
  fieldId: string;
  message: string;
}

export interface PastedMembers {
  members: MemberDraft[];
  problems: string[];
}

/**
 * Members pasted from a spreadsheet or a list: one a line, ID number, name, relation (code or label)
 * and optionally a monthly wage, separated by tabs, commas (also 、，) or spaces.
 */
export function parsePastedMembers(text: string, language: Language): PastedMembers {
  const members: MemberDraft[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const cells = line.split(/[\t,，、;；]+|\s+/).map((c) => c.trim()).filter(Boolean);
    const problem = (key: MessageKey, values: Record<string, string> = {}) => problems.push(translate(language, 'pasteLineProblem', { line: i + 1, problem: translate(language, key, values) }));
    if (cells.length < 3) return problem('pasteTooFewColumns');
    const relation = relationFrom(cells[2]!);
    if (!relation) return problem('pasteUnknownRelation', { value: cells[2]! });
    const member = emptyMember();
    member.idNumber = cells[0]!.toUpperCase();
    member.name = cells[1]!;
    member.relation = relation;
    if (cells[3] !== undefined) member.income.wage = cells[3];
    members.push(member);
  });
  return { members, problems };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function amount(value: string, integer: boolean): number | null | 'bad' {
  const v = value.trim();
  if (v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) return 'bad';
  return n;
}

export interface Checked {
  problems: Problem[];
  input: VerificationInput | null;
}

/** Checks the form field by field (each problem names its field) and builds the API's input when nothing is wrong. */
export function checkDraft(d: VerifyDraft, language: Language, bankName: (id: string) => string): Checked {
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values);
  const problems: Problem[] = [];
  const need = (fieldId: string, label: string, value: string) => {
    if (value.trim() === '') problems.push({ fieldId, message: t('fieldRequired', { field: label }) });
  };
  if (!/^\d{6}$/.test(d.regionCode.trim())) problems.push({ fieldId: 'regionCode', message: t('fieldRegion', { field: t('regionCode') }) });
  need('externalRef', t('externalRef'), d.externalRef);
  need('applicationRef', t('applicationRef'), d.applicationRef);
  const seen = new Set<string>();
  d.members.forEach((m, i) => {
    const who = `${t('memberN', { n: i + 1 })} ${t('idNumber')}`;
    const id = describeIdNumber(m.idNumber, language);
    if (!id.ok) problems.push({ fieldId: `member-${m.key}-id`, message: `${who}：${id.message}` });
    else if (seen.has(m.idNumber.trim().toUpperCase())) problems.push({ fieldId: `member-${m.key}-id`, message: t('duplicateId', { field: who }) });
    seen.add(m.idNumber.trim().toUpperCase());
    need(`member-${m.key}-name`, `${t('memberN', { n: i + 1 })} ${t('name')}`, m.name);
    for (const kind of INCOME_KINDS) {
      if (amount(m.income[kind], false) === 'bad') problems.push({ fieldId: `member-${m.key}-${kind}`, message: t('fieldNumber', { field: `${t('memberN', { n: i + 1 })} ${t(`income_${kind}`)}` }) });
    }
    if (id.ok && (id.age ?? 18) < 18 && !d.members.some((g) => String(g.key) === m.guardian && g.key !== m.key)) {
      problems.push({ fieldId: `member-${m.key}-guardian`, message: t('fieldRequired', { field: `${t('memberN', { n: i + 1 })} ${t('guardian')}` }) });
    }
  });
  if (d.members.filter((m) => m.relation === 'HEAD').length !== 1) problems.push({ fieldId: 'members', message: t('oneHead') });
  for (const f of ASSET_FIELDS) {
    if (amount(d.assets[f.name], f.integer) === 'bad') problems.push({ fieldId: `asset-${f.name}`, message: t(f.integer ? 'fieldInteger' : 'fieldNumber', { field: t(`asset_${f.name}`) }) });
  }
  for (const b of d.banks) {
    const a = amount(b.amount, false);
    if (a === null || a === 'bad') problems.push({ fieldId: `bank-${b.key}-amount`, message: t('fieldNumber', { field: `${bankName(b.bank)} ${t('amount')}` }) });
  }
  if (!DATE.test(d.validFrom)) problems.push({ fieldId: 'validFrom', message: t('fieldDate', { field: t('validFrom') }) });
  if (!DATE.test(d.validUntil)) problems.push({ fieldId: 'validUntil', message: t('fieldDate', { field: t('validUntil') }) });
  else if (d.validUntil < d.validFrom) problems.push({ fieldId: 'validUntil', message: t('fieldDateOrder', { field: t('validUntil') }) });
  if (!d.consentFile) problems.push({ fieldId: 'consentFile', message: t('fieldRequired', { field: t('consentDocument') }) });
  if (problems.length > 0) return { problems, input: null };

  const assets: Record<string, number | { bank: string; amount: number }[]> = {};
  for (const f of ASSET_FIELDS) {
    const a = amount(d.assets[f.name], f.integer);
    if (typeof a === 'number') assets[f.name] = a;
  }
  if (d.banks.length > 0) assets.depositsByBank = d.banks.map((b) => ({ bank: b.bank, amount: Number(b.amount) }));
  return {
    problems,
    input: {
      purpose: d.purpose as VerificationInput['purpose'],
      applicationRef: d.applicationRef.trim(),
      household: {
        regionCode: d.regionCode.trim(),
        externalRef: d.externalRef.trim(),
        declaredAssets: Object.keys(assets).length > 0 ? assets : null,
        members: d.members.map((m) => {
          const income = Object.fromEntries(INCOME_KINDS.flatMap((k) => (m.income[k].trim() === '' ? [] : [[k, Number(m.income[k])]])));
          return { idNumber: m.idNumber.trim().toUpperCase(), name: m.name.trim(), relation: m.relation as VerificationInput['household']['members'][number]['relation'], declaredIncome: Object.keys(income).length > 0 ? income : null };
        }),
      },
    },
  };
}
