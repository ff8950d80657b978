import { describe, expect, it } from 'vitest';
import type { AttributeValue, PersonRecord } from '../../src/catalog/index.js';
import { detectChanges, type DetectedChange } from '../../src/changes/index.js';
import { catalog } from '../../src/catalog/index.js';
import type { ReportBody, ReportMember } from '../../src/reports/index.js';

const REGION = '370102';
const OPTIONS = { incomeChangeShare: 0.2 };

/** What sources said of one member: source id -> attribute values (null: the source found no record). */
type Records = Record<string, Record<string, AttributeValue> | null>;

function member(personId: string, records: Records): ReportMember {
  const out: Record<string, PersonRecord> = {};
  for (const [source, values] of Object.entries(records)) out[source] = values ? { found: true, asOf: '2026-06-30', values } : { found: false };
  return { personId, idNumber: `id-${personId}`, name: personId, relation: 'SELF', birthDate: '1980-01-01', sex: 'FEMALE', declaredMonthlyIncome: null, records: out };
}

/** A report body with only what change detection reads filled in meaningfully. */
function report(members: ReportMember[], regionCode = REGION): ReportBody {
  return {
    version: 1,
    id: `report-${members.length}`,
    requestId: 'request',
    createdAt: '2026-07-01T00:00:00.000Z',
    completedAt: '2026-07-01T00:00:01.000Z',
    status: 'COMPLETE',
    requester: { sub: 'tester', org: regionCode, roles: ['verifier'] },
    purpose: 'PERIODIC_REVIEW',
    applicationRef: 'REVIEW-1',
    catalogVersion: 1,
    household: { id: 'household', regionCode, externalRef: 'H1', declaredAssets: null },
    members,
    supporters: [],
    consents: {},
    sources: [],
    discrepancies: [],
    policy: { regionCode, date: '2026-07-01', versions: [] },
    assessment: null,
  };
}

/** The changes for one member whose records go from `before` to `after`. */
function changesOf(before: Records, after: Records): DetectedChange[] {
  return detectChanges(report([member('p1', before)]), report([member('p1', after)]), catalog(), OPTIONS);
}

describe('detectChanges', () => {
  it('finds nothing when nothing changed', () => {
    const records: Records = {
      ps_vehicle: { 'ps_vehicle.vehicle_count': 1 },
      re_property: { 're_property.property_count': 1 },
      samr_business: { 'samr_business.business_count': 0 },
      hrss_employment: { 'hrss_employment.employed': true, 'hrss_employment.wage_monthly': 3000 },
      ps_hukou: { 'ps_hukou.vital_status': 'ALIVE', 'ps_hukou.hukou_region': REGION },
      ca_funeral: { 'ca_funeral.death_date': null },
    };
    expect(changesOf(records, structuredClone(records))).toEqual([]);
  });

  it('NEW_VEHICLE when the vehicle count rises, not when it falls', () => {
    expect(changesOf({ ps_vehicle: { 'ps_vehicle.vehicle_count': 0 } }, { ps_vehicle: { 'ps_vehicle.vehicle_count': 1 } })).toEqual([
      { kind: 'NEW_VEHICLE', personId: 'p1', attributes: ['ps_vehicle.vehicle_count'], before: 0, after: 1 },
    ]);
    expect(changesOf({ ps_vehicle: { 'ps_vehicle.vehicle_count': 2 } }, { ps_vehicle: { 'ps_vehicle.vehicle_count': 1 } })).toEqual([]);
  });

  it('NEW_PROPERTY when the property count rises', () => {
    expect(changesOf({ re_property: { 're_property.property_count': 1 } }, { re_property: { 're_property.property_count': 2 } })).toEqual([
      { kind: 'NEW_PROPERTY', personId: 'p1', attributes: ['re_property.property_count'], before: 1, after: 2 },
    ]);
  });

  it('NEW_BUSINESS when the business count (INTEGER) rises; the legal-representative flag alone is not one', () => {
    expect(changesOf({ samr_business: { 'samr_business.business_count': 0 } }, { samr_business: { 'samr_business.business_count': 1 } })).toEqual([
      { kind: 'NEW_BUSINESS', personId: 'p1', attributes: ['samr_business.business_count'], before: 0, after: 1 },
    ]);
    expect(changesOf({ samr_business: { 'samr_business.legal_representative': false } }, { samr_business: { 'samr_business.legal_representative': true } })).toEqual([]);
  });

  it('NEW_EMPLOYMENT when employment goes from false to true; an employer name change is not one', () => {
    expect(changesOf({ hrss_employment: { 'hrss_employment.employed': false } }, { hrss_employment: { 'hrss_employment.employed': true } })).toEqual([
      { kind: 'NEW_EMPLOYMENT', personId: 'p1', attributes: ['hrss_employment.employed'], before: false, after: true },
    ]);
    expect(changesOf({ hrss_employment: { 'hrss_employment.employer_name': 'A' } }, { hrss_employment: { 'hrss_employment.employer_name': 'B' } })).toEqual([]);
    expect(changesOf({ hrss_employment: { 'hrss_employment.employed': true } }, { hrss_employment: { 'hrss_employment.employed': true } })).toEqual([]);
  });

  describe('INCOME_CHANGE', () => {
    it('when monthly income moves by more than the share of the previous income', () => {
      expect(changesOf({ hrss_employment: { 'hrss_employment.wage_monthly': 2000 } }, { hrss_employment: { 'hrss_employment.wage_monthly': 3000 } })).toEqual([
        { kind: 'INCOME_CHANGE', personId: 'p1', attributes: ['hrss_employment.wage_monthly'], before: 2000, after: 3000 },
      ]);
      // A fall counts as well.
      expect(changesOf({ hrss_employment: { 'hrss_employment.wage_monthly': 3000 } }, { hrss_employment: { 'hrss_employment.wage_monthly': 1000 } })).toHaveLength(1);
      // 15 % is within the 20 % share.
      expect(changesOf({ hrss_employment: { 'hrss_employment.wage_monthly': 2000 } }, { hrss_employment: { 'hrss_employment.wage_monthly': 2300 } })).toEqual([]);
    });

    it('from nothing to something, with yearly amounts normalised to months', () => {
      expect(changesOf({ tax: { 'tax.wage_income_12m': 0 } }, { tax: { 'tax.wage_income_12m': 36_000 } })).toEqual([
        { kind: 'INCOME_CHANGE', personId: 'p1', attributes: ['tax.wage_income_12m'], before: 0, after: 3000 },
      ]);
    });

    it('takes the highest report per category (never a sum) and adds categories up', () => {
      // Wage reported by tax (24 000/year = 2 000/month) and by hrss (2 100/month): 2 100, a 5 % change.
      const sameWage = changesOf(
        { tax: { 'tax.wage_income_12m': 24_000 }, hrss_employment: { 'hrss_employment.wage_monthly': 2000 } },
        { tax: { 'tax.wage_income_12m': 24_000 }, hrss_employment: { 'hrss_employment.wage_monthly': 2100 } },
      );
      expect(sameWage).toEqual([]);
      // Wage 2 000 + pension 1 000 = 3 000, then wage 2 000 + pension 1 800 = 3 800: +26.7 %.
      const pension = changesOf(
        { hrss_employment: { 'hrss_employment.wage_monthly': 2000 }, hrss_benefit: { 'hrss_benefit.pension_monthly': 1000 } },
        { hrss_employment: { 'hrss_employment.wage_monthly': 2000 }, hrss_benefit: { 'hrss_benefit.pension_monthly': 1800 } },
      );
      expect(pension).toEqual([
        { kind: 'INCOME_CHANGE', personId: 'p1', attributes: ['hrss_employment.wage_monthly', 'hrss_benefit.pension_monthly'], before: 3000, after: 3800 },
      ]);
    });

    it('compares only sources that found the person both times', () => {
      // The tax office did not answer (or found no record) the second time: its 36 000 is not lost income.
      expect(changesOf({ tax: { 'tax.wage_income_12m': 36_000 } }, { tax: null })).toEqual([]);
      expect(changesOf({ tax: { 'tax.wage_income_12m': 36_000 } }, {})).toEqual([]);
      expect(changesOf({}, { tax: { 'tax.wage_income_12m': 36_000 } })).toEqual([]);
    });
  });

  it('DEATH when the vital status goes from ALIVE to DECEASED, or a death date appears', () => {
    expect(changesOf({ ps_hukou: { 'ps_hukou.vital_status': 'ALIVE' } }, { ps_hukou: { 'ps_hukou.vital_status': 'DECEASED' } })).toEqual([
      { kind: 'DEATH', personId: 'p1', attributes: ['ps_hukou.vital_status'], before: 'ALIVE', after: 'DECEASED' },
    ]);
    expect(changesOf({ ca_funeral: { 'ca_funeral.death_date': null } }, { ca_funeral: { 'ca_funeral.death_date': '2026-10-02' } })).toEqual([
      { kind: 'DEATH', personId: 'p1', attributes: ['ca_funeral.death_date'], before: null, after: '2026-10-02' },
    ]);
    // Both at once: one DEATH naming both attributes.
    expect(
      changesOf(
        { ps_hukou: { 'ps_hukou.vital_status': 'ALIVE' }, ca_funeral: { 'ca_funeral.death_date': null } },
        { ps_hukou: { 'ps_hukou.vital_status': 'DECEASED' }, ca_funeral: { 'ca_funeral.death_date': '2026-10-02' } },
      ),
    ).toEqual([{ kind: 'DEATH', personId: 'p1', attributes: ['ps_hukou.vital_status', 'ca_funeral.death_date'], before: 'ALIVE', after: '2026-10-02' }]);
  });

  it("MOVED_OUT when the hukou region leaves the household's county", () => {
    expect(changesOf({ ps_hukou: { 'ps_hukou.hukou_region': REGION } }, { ps_hukou: { 'ps_hukou.hukou_region': '370103' } })).toEqual([
      { kind: 'MOVED_OUT', personId: 'p1', attributes: ['ps_hukou.hukou_region'], before: REGION, after: '370103' },
    ]);
    // A finer code inside the county is still the county.
    expect(changesOf({ ps_hukou: { 'ps_hukou.hukou_region': REGION } }, { ps_hukou: { 'ps_hukou.hukou_region': `${REGION}001` } })).toEqual([]);
    // Already registered elsewhere before: not a new move.
    expect(changesOf({ ps_hukou: { 'ps_hukou.hukou_region': '320102' } }, { ps_hukou: { 'ps_hukou.hukou_region': '320113' } })).toEqual([]);
  });

  it('MEMBER_ADDED and MEMBER_REMOVED by person id; members in both are still compared', () => {
    const before = report([member('p1', { ps_vehicle: { 'ps_vehicle.vehicle_count': 0 } }), member('p2', {})]);
    const after = report([member('p1', { ps_vehicle: { 'ps_vehicle.vehicle_count': 1 } }), member('p3', { ps_vehicle: { 'ps_vehicle.vehicle_count': 4 } })]);
    expect(detectChanges(before, after, catalog(), OPTIONS)).toEqual([
      { kind: 'MEMBER_ADDED', personId: 'p3', attributes: [], before: ['p1', 'p2'], after: ['p1', 'p3'] },
      { kind: 'MEMBER_REMOVED', personId: 'p2', attributes: [], before: ['p1', 'p2'], after: ['p1', 'p3'] },
      { kind: 'NEW_VEHICLE', personId: 'p1', attributes: ['ps_vehicle.vehicle_count'], before: 0, after: 1 },
    ]);
  });

  it('refuses a negative income share', () => {
    expect(() => detectChanges(report([]), report([]), catalog(), { incomeChangeShare: -1 })).toThrow(RangeError);
  });
});
