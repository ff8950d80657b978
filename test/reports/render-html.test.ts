import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { renderReportHtml, type ReportBody } from '../../src/reports/index.js';

const body: ReportBody = {
  applicationRef: 'APP-1',
  assessment: null,
  catalogVersion: 1,
  completedAt: null,
  consents: {},
  createdAt: '2026-11-28T01:00:00.000Z',
  discrepancies: [],
  household: {
    declaredAssets: { deposits: 3000, depositsByBank: [{ amount: 1000, bank: 'bank_icbc' }, { amount: 2000, bank: 'bank_qlb' }], properties: 1, vehicles: null, businesses: 0 },
    externalRef: 'H-1',
    id: 'household-1',
    regionCode: '370102',
  },
  id: 'report-1',
  members: [],
  policy: { date: '2026-11-28', regionCode: '370102', versions: [] },
  purpose: 'NEW_APPLICATION',
  requestId: 'request-1',
  requester: { org: '370102', roles: ['verifier'], sub: 'caseworker' },
  sources: [],
  status: 'PENDING',
  supporters: [],
  version: 1,
};

describe('the printable report', () => {
  it('prints the declared assets, the deposits declared bank by bank with the banks named', () => {
    const html = renderReportHtml(body, catalog(), { kid: 'kid', sha256: 'sha' });
    const row = html.match(/申报财产 Declared assets<\/td><td>([^<]*)<\/td>/)?.[1];
    expect(row).toBe(`deposits: 3000; depositsByBank: ${catalog().source('bank_icbc')!.zh} 1000, ${catalog().source('bank_qlb')!.zh} 2000; properties: 1; vehicles: —; businesses: 0`);
    expect(html).not.toContain('[object Object]');
  });
});
