import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/catalog/index.js';
import type { ReportBody, ReportMember, ReportSource } from '../../src/reports/index.js';
import { applyTicketAnswers, waitingTickets } from '../../src/pending/index.js';

const member = (n: number): ReportMember => ({
  personId: `p-${n}`,
  idNumber: `id-${n}`,
  name: `member ${n}`,
  relation: n === 1 ? 'SELF' : 'CHILD',
  birthDate: '1990-01-01',
  sex: 'FEMALE',
  declaredMonthlyIncome: 0,
  records: {},
});

/** A household of three whose bank was asked in two calls: p-1 and p-2 in the first, p-3 in the second. */
function body(): ReportBody {
  return {
    members: [member(1), member(2), member(3)],
    supporters: [],
    sources: [{ source: 'bank_icbc', status: 'PENDING', latencyMs: 5, attributes: ['DEPOSIT_BALANCE'], tickets: [{ ticket: 'T1', persons: ['p-1', 'p-2'] }, { ticket: 'T2', persons: ['p-3'] }], error: null, answeredAt: null }],
  } as Partial<ReportBody> as ReportBody;
}

const found: PersonRecord = { found: true, asOf: '2026-11-22', values: { DEPOSIT_BALANCE: 1200 } };
const ok = (records: [string, PersonRecord][]) => ({ status: 'OK' as const, latencyMs: 9, records: new Map(records) });

describe('pending tickets of a source asked in several calls', () => {
  it('stays PENDING until the last ticket answers, then settles OK with every person recorded', () => {
    const b = body();
    expect(applyTicketAnswers(b, 'bank_icbc', [{ ticket: 'T2', outcome: ok([['id-3', found]]) }], 'now')).toEqual({ status: 'PENDING', found: true });
    expect(b.members[2]!.records.bank_icbc).toEqual(found);
    expect(b.members[0]!.records.bank_icbc).toBeUndefined();
    expect(waitingTickets(b, b.sources[0]!).map((t) => t.ticket)).toEqual(['T1']);

    // The first call's answer names only its customer: the other person asked is recorded as not found.
    expect(applyTicketAnswers(b, 'bank_icbc', [{ ticket: 'T1', outcome: ok([['id-2', found]]) }], 'later')).toEqual({ status: 'OK', found: true });
    expect(b.members.map((m) => m.records.bank_icbc?.found)).toEqual([false, true, true]);
    expect(b.sources[0]).toMatchObject({ status: 'OK', answeredAt: 'later', latencyMs: 9 });
  });

  it('applies a ticket once: a second delivery of the same answer changes nothing', () => {
    const b = body();
    applyTicketAnswers(b, 'bank_icbc', [{ ticket: 'T2', outcome: ok([]) }], 'now');
    expect(applyTicketAnswers(b, 'bank_icbc', [{ ticket: 'T2', outcome: ok([['id-3', found]]) }], 'again')).toBeNull();
    expect(b.members[2]!.records.bank_icbc).toEqual({ found: false });
  });

  it('reads a report stored with one ticket for the whole household (before tickets per call)', () => {
    const b = body();
    b.sources = [{ source: 'bank_icbc', status: 'PENDING', latencyMs: 5, attributes: ['DEPOSIT_BALANCE'], ticket: 'T0', error: null, answeredAt: null } as unknown as ReportSource];
    expect(waitingTickets(b, b.sources[0]!)).toEqual([{ ticket: 'T0', persons: ['p-1', 'p-2', 'p-3'] }]);
    expect(applyTicketAnswers(b, 'bank_icbc', [{ ticket: 'T0', outcome: ok([['id-3', found]]) }], 'now')).toEqual({ status: 'OK', found: true });
    expect(b.members.map((m) => m.records.bank_icbc?.found)).toEqual([false, false, true]);
  });

  it('settles NOT_FOUND when no call found anyone, and TIMEOUT when a ticket times out, keeping what did answer', () => {
    const none = body();
    expect(applyTicketAnswers(none, 'bank_icbc', [{ ticket: 'T1', outcome: ok([]) }, { ticket: 'T2', outcome: ok([]) }], 'now')).toEqual({ status: 'NOT_FOUND', found: false });

    const late = body();
    applyTicketAnswers(late, 'bank_icbc', [{ ticket: 'T1', outcome: ok([['id-1', found]]) }], 'now');
    const settled = applyTicketAnswers(late, 'bank_icbc', [{ ticket: 'T2', outcome: { status: 'TIMEOUT', latencyMs: 60_000, error: 'no answer before the pending-answer deadline' } }], 'later');
    expect(settled).toEqual({ status: 'TIMEOUT', found: false });
    expect(late.sources[0]).toMatchObject({ status: 'TIMEOUT', error: 'no answer before the pending-answer deadline', answeredAt: 'later' });
    expect(late.members[0]!.records.bank_icbc).toEqual(found);
    expect(late.members[2]!.records.bank_icbc).toBeUndefined();
    expect(waitingTickets(late, late.sources[0]!)).toEqual([]);
  });
});
