import type { Attribute, AttributeValue, Catalog } from '../../catalog/index.js';
import type { DiscrepancyTolerances, StatusToleranceKind } from '../../regional-policy/index.js';
import { ancestry, isWithinJurisdiction } from '../../regions/index.js';
import type { Discrepancy, DiscrepancyKind, ReportMember } from '../report.js';
import type { Readings } from './read.js';
import { sourcesText, whoEn, whoZh } from './sentence.js';

/**
 * A member's status the registers contradict whatever was declared: a member declared as living
 * with the household who is dead, in prison, on the public payroll or registered elsewhere; and
 * employment against a declared zero wage.
 */
interface StatusCheck {
  tolerance: StatusToleranceKind;
  discrepancy: DiscrepancyKind;
  /** Whether the check reads this attribute (comparisonAttributes lists what it reads). */
  reads: (a: Attribute) => boolean;
  /** Whether a value says so; `county`: the household's county. */
  holds: (a: Attribute, value: AttributeValue, county: string) => boolean;
  /** Whether a value that holds is a near case (a hukou elsewhere in the same city): one severity level below the policy's. */
  near?: (value: AttributeValue, county: string) => boolean;
  zh: (what: string) => string;
  en: (what: string) => string;
}

/** A hukou region: a division code (6 digits), or a township's (9) or village's (12), read by its first 6. */
const HUKOU = /^\d{6}(\d{3}){0,2}$/;

/**
 * A hukou outside the household's county: the household applies where it is registered (县级), so
 * a member registered in another county has moved out of it, even within the same city. A code
 * coarser than a county that contains the household's (the register names only the city) shows no
 * move. Raised at the policy's `MOVED_OUT` severity, one level lower within the same city.
 */
function movedOut(v: AttributeValue, county: string): boolean {
  if (typeof v !== 'string' || !HUKOU.test(v)) return false;
  const region = v.slice(0, 6);
  return !isWithinJurisdiction(county, region) && !isWithinJurisdiction(region, county);
}

const sameCity = (v: AttributeValue, county: string): boolean => typeof v === 'string' && v.slice(0, 4) === county.slice(0, 4);

const LOWER: Record<Severity, Severity> = { HIGH: 'MEDIUM', MEDIUM: 'LOW', LOW: 'LOW' };
type Severity = Discrepancy['severity'];

export const STATUS_CHECKS: readonly StatusCheck[] = [
  {
    tolerance: 'DECEASED',
    discrepancy: 'MEMBER_DECEASED',
    reads: (a) => a.category === 'status.vital' || a.category === 'status.death_date',
    holds: (a, v) => (a.category === 'status.vital' ? v === 'DECEASED' : typeof v === 'string' && v !== ''),
    zh: (what) => `申报为共同生活家庭成员，但登记已死亡（${what}）`,
    en: (what) => ` is declared as living in the household but is recorded as deceased (${what})`,
  },
  {
    tolerance: 'IMPRISONED',
    discrepancy: 'MEMBER_IMPRISONED',
    reads: (a) => a.category === 'status.imprisoned' && a.type === 'BOOLEAN',
    holds: (_a, v) => v === true,
    zh: (what) => `申报为共同生活家庭成员，但正在服刑（${what}）`,
    en: (what) => ` is declared as living in the household but is serving a prison sentence (${what})`,
  },
  {
    tolerance: 'PUBLIC_PAYROLL',
    discrepancy: 'MEMBER_ON_PUBLIC_PAYROLL',
    reads: (a) => a.category === 'status.public_employee' && a.type === 'BOOLEAN',
    holds: (_a, v) => v === true,
    zh: (what) => `由财政供养或占用编制（${what}）`,
    en: (what) => ` is paid from the public payroll or holds a staffed post (${what})`,
  },
  {
    tolerance: 'MOVED_OUT',
    discrepancy: 'MEMBER_HUKOU_MOVED_OUT',
    reads: (a) => a.category === 'identity.hukou_region',
    holds: (_a, v, county) => movedOut(v, county),
    near: sameCity,
    zh: (what) => `申报为共同生活家庭成员，但户籍已迁出本县（${what}）`,
    en: (what) => ` is declared as living in the household but their hukou is registered outside the county (${what})`,
  },
];

/** Employment: the register says employed, the member declared no wage (or no income at all). */
export const EMPLOYMENT_CHECK: StatusCheck = {
  tolerance: 'EMPLOYMENT',
  discrepancy: 'UNREPORTED_EMPLOYMENT',
  reads: (a) => a.category === 'activity.employment' && a.type === 'BOOLEAN',
  holds: (_a, v) => v === true,
  zh: (what) => `申报无工资收入，但登记为就业（${what}）`,
  en: (what) => ` declared no wage but is registered as employed (${what})`,
};

/** The county a household region lies in (the region itself when it is one). */
export function countyOf(regionCode: string): string {
  return ancestry(regionCode).find((r) => r.level === 'county')?.code ?? regionCode;
}

/** The check's finding on one member (their found values, `readingsOf`), or null. */
export function checkStatus(catalog: Catalog, check: StatusCheck, m: ReportMember, readings: Readings, county: string, tolerances: DiscrepancyTolerances): Discrepancy | null {
  const codes: string[] = [];
  const sources = new Map<string, string | null>();
  const shown: string[] = [];
  let near = check.near !== undefined;
  for (const { attribute: a, value: v, source, asOf } of readings.all) {
    if (!check.reads(a) || !check.holds(a, v, county)) continue;
    codes.push(a.code);
    sources.set(source, asOf);
    near &&= check.near?.(v, county) === true;
    // Dates and regions read out (a death date, the hukou region); an enum's code says no more than the sentence.
    if (typeof v === 'string' && a.type !== 'ENUM') shown.push(`${a.zh} ${v}`);
  }
  if (codes.length === 0) return null;
  const src = sourcesText(catalog, sources);
  const what = { zh: [...shown, src.zh].join('；'), en: [...shown, src.en].join('; ') };
  // Keys in canonical order, as the report's objects are built (canonical/inKeyOrder).
  return {
    attributes: codes,
    declared: null,
    en: `${whoEn({ name: m.name })}${check.en(what.en)}`,
    holders: [m.personId],
    kind: check.discrepancy,
    personId: m.personId,
    severity: near ? LOWER[tolerances[check.tolerance].severity] : tolerances[check.tolerance].severity,
    sources: [...sources].map(([source, asOf]) => ({ asOf, source })),
    tolerance: null,
    unit: null,
    verified: 1,
    zh: `${whoZh({ name: m.name })}${check.zh(what.zh)}`,
  };
}
