import { describe, expect, it } from 'vitest';
import {
  controlMark,
  decisionView,
  differences,
  differs,
  mayPay,
  nextRound,
  nextStatuses,
  normaliseTime,
  presenceForKey,
  searchPermits,
  shownStatus,
  ticketFilter,
  validViolations,
  NO_TICKET_FILTER,
} from '../../src/screens/inspections/inspections-logic';
import type { DayPermit, Violation } from '../../src/lib/backend/contract';

describe('the control round', () => {
  it('a key per presence, either case; other keys choose nothing', () => {
    const check = (key: string, presence: string | null) => expect(presenceForKey(key), key).toBe(presence);
    check('z', 'zelf');
    check('P', 'partner');
    check('v', 'vervanger_met_toestemming');
    check('x', 'vervanger_zonder_toestemming');
    check('o', 'vervanger_met_ontheffing');
    check('n', 'niet_aanwezig');
    check('b', null);
    check('Enter', null);
  });

  it('what differs from the permit; absent or an unpermitted substitute is alarming', () => {
    const permit = { presence: 'zelf', requested: { stalls_3m: 2, electricity: 1 } };
    expect(differs(differences(permit, { presence: 'zelf', products: { stalls_3m: 2, electricity: 1 } }))).toBe(false);
    const d = differences(permit, { presence: 'niet_aanwezig', products: { stalls_3m: 2, electricity: 0, water: 1 } });
    expect(d.presence).toEqual({ permit: 'zelf', seen: 'niet_aanwezig', alarming: true });
    expect(d.products).toEqual([
      { key: 'electricity', permit: 1, seen: 0 },
      { key: 'water', permit: 0, seen: 1 },
    ]);
    expect(differences(permit, { presence: 'partner', products: permit.requested }).presence?.alarming).toBe(false);
  });

  it('round 1, then 2, then none; the marker of the latest control', () => {
    expect(nextRound([])).toBe(1);
    expect(nextRound([{ round: 1 }])).toBe(2);
    expect(nextRound([{ round: 2 }])).toBe(1);
    expect(nextRound([{ round: 1 }, { round: 2 }])).toBeNull();
    expect(controlMark(null)).toBe('none');
    expect(controlMark({ round: 1, presence: 'zelf', differs: false, productsDiffer: false, alarming: false })).toBe('same');
    expect(controlMark({ round: 1, presence: 'partner', differs: true, productsDiffer: false, alarming: false })).toBe('differs');
    expect(controlMark({ round: 1, presence: 'zelf', differs: false, productsDiffer: true, alarming: false })).toBe('differs');
    expect(controlMark({ round: 2, presence: 'niet_aanwezig', differs: true, productsDiffer: false, alarming: true })).toBe('alarming');
  });

  it('the search finds a permit by name, number with or without the dot, stall or invoice', () => {
    const p = (id: number, name: string, reg: string, stalls: string[], voidReason: string | null = null) =>
      ({ id, vendorName: name, registrationNumber: reg, stalls, invoiceNumber: `D2026-00000${id}`, voidReason }) as unknown as DayPermit;
    const list = [p(1, 'B. Nguyen', '19750524.25', ['1']), p(2, 'S. Bös', '19520608.83', ['12']), p(3, 'Weg', '19990101.01', ['3'], 'fout')];
    const ids = (q: string) => searchPermits(list, q).map((x) => x.id);
    expect(ids('nguyen')).toEqual([1]);
    expect(ids('bos')).toEqual([2]);
    expect(ids('1952060883')).toEqual([2]);
    expect(ids('12')).toEqual([2]);
    expect(ids('D2026-000001')).toEqual([1]);
    expect(ids('weg')).toEqual([]);
  });
});

describe('tickets', () => {
  it('the status changes a ticket page offers (the core’s transitions, ticket.rs)', () => {
    expect(nextStatuses('draft')).toEqual(['issued', 'void']);
    // Paid comes with the payment that pays the fine in full, not by a button.
    expect(nextStatuses('issued')).toEqual(['objection', 'void']);
    expect(nextStatuses('objection')).toEqual(['upheld', 'withdrawn', 'void']);
    expect(nextStatuses('upheld')).toEqual(['void']);
    expect(nextStatuses('withdrawn')).toEqual(['void']);
    expect(nextStatuses('paid')).toEqual([]);
    expect(nextStatuses('void')).toEqual([]);
  });

  it('a payment only on an open fine', () => {
    const row = { status: 'issued' as const, decision: 'boete' as const, amountCents: 5000, paidCents: 0 };
    expect(mayPay(row)).toBe(true);
    expect(mayPay({ ...row, paidCents: 5000 })).toBe(false);
    expect(mayPay({ ...row, decision: 'waarschuwing' })).toBe(false);
    expect(mayPay({ ...row, status: 'objection' })).toBe(false);
  });

  it('how a decision reads', () => {
    const base = { violationCode: 'V01', description: '', article: '' };
    expect(decisionView({ ...base, decision: 'waarschuwing' as const, amountCents: 0, earlier: [] }).why).toBe('ticketForm.whyWarning');
    expect(decisionView({ ...base, decision: 'boete' as const, amountCents: 7500, earlier: [] }).why).toBe('ticketForm.whyFine');
    expect(decisionView({ ...base, decision: 'boete' as const, amountCents: 7500, earlier: ['B2026-000003'] })).toEqual({
      kind: 'fine',
      amountCents: 7500,
      earlier: ['B2026-000003'],
      why: 'ticketForm.whyRepeat',
    });
  });

  it('the violations of a day: each code’s version valid then', () => {
    const v = (id: number, code: string, validFrom: string, validUntil: string | null) =>
      ({ id, code, validFrom, validUntil, description: '', article: '', amountCents: 0, warningFirst: false }) as Violation;
    const all = [v(1, 'V10', '2024-01-01', null), v(2, 'V2', '2024-01-01', '2025-12-31'), v(3, 'V2', '2026-01-01', null), v(4, 'V3', '2027-01-01', null)];
    expect(validViolations(all, '2025-06-01').map((x) => x.id)).toEqual([2, 1]);
    expect(validViolations(all, '2026-11-28').map((x) => x.id)).toEqual([3, 1]);
  });

  it('times as typed, the list filter and the overdue status', () => {
    expect(['9.45', '0945', '9:45', '9', '25:00', 'later'].map(normaliseTime)).toEqual(['09:45', '09:45', '09:45', '09:00', '25:00', 'later']);
    expect(ticketFilter({ ...NO_TICKET_FILTER, status: 'overdue' }, 7)).toEqual({ status: null, overdue: true, marketId: null, from: null, until: null, vendorId: 7 });
    expect(ticketFilter({ status: 'paid', marketId: 1, from: ' 2026-01-01 ', until: '' })).toEqual({ status: 'paid', overdue: false, marketId: 1, from: '2026-01-01', until: null, vendorId: null });
    expect(shownStatus({ status: 'issued', overdue: true })).toBe('overdue');
  });
});
