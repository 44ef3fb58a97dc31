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
import { drawSample, mayTransition, monthsBefore } from '../../src/lib/backend/mock-inspections';
import { createMockBackend } from '../../src/lib/backend/mock';
import type { AppError, DayPermit, Violation } from '../../src/lib/backend/types';

async function as(role: 'beheer' | 'medewerker' | 'toezicht') {
  const b = createMockBackend();
  const password = { beheer: 'beheer-2026', medewerker: 'marktbureau-2026', toezicht: 'toezicht-2026' }[role];
  await b.login({ username: role, password });
  return b;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

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
    expect(controlMark({ round: 1, presence: 'zelf', differs: false, alarming: false })).toBe('same');
    expect(controlMark({ round: 1, presence: 'partner', differs: true, alarming: false })).toBe('differs');
    expect(controlMark({ round: 2, presence: 'niet_aanwezig', differs: true, alarming: true })).toBe('alarming');
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

  it('the mock draws every enforcement permit, 3/4 of the rest from those not there in person, the same list for a seed', () => {
    const pool = Array.from({ length: 40 }, (_, i) => ({ permit: i + 1, enforcement: i < 2, inPerson: i % 3 !== 0 }));
    const a = drawSample(pool, 10, '12345678901234567');
    expect(a).toEqual(drawSample(pool, 10, '12345678901234567'));
    expect(a.length).toBe(10);
    expect(a.filter(([, r]) => r === 'enforcement').map(([p]) => p)).toEqual([1, 2]);
    expect(a.filter(([, r]) => r === 'not_in_person').length).toBe(6);
    expect(a.filter(([, r]) => r === 'random').length).toBe(2);
    expect(new Set(a.map(([p]) => p)).size).toBe(10);
  });
});

describe('tickets', () => {
  it('the status changes a ticket page offers follow the core’s transitions', () => {
    const statuses = ['draft', 'issued', 'paid', 'objection', 'upheld', 'withdrawn', 'void'];
    for (const from of statuses) {
      for (const to of nextStatuses(from)) expect(mayTransition(from, to), `${from} → ${to}`).toBe(true);
    }
    expect(nextStatuses('draft')).toEqual(['issued', 'void']);
    // Paid comes with the payment that pays the fine in full, not by a button.
    expect(nextStatuses('issued')).toEqual(['objection', 'void']);
    expect(nextStatuses('upheld')).toEqual(['void']);
    expect(nextStatuses('paid')).toEqual([]);
    expect(nextStatuses('void')).toEqual([]);
    expect(mayTransition('draft', 'paid')).toBe(false);
    expect(mayTransition('withdrawn', 'issued')).toBe(false);
  });

  it('a payment only on an open fine', () => {
    const row = { status: 'issued', decision: 'boete' as const, amountCents: 5000, paidCents: 0 };
    expect(mayPay(row)).toBe(true);
    expect(mayPay({ ...row, paidCents: 5000 })).toBe(false);
    expect(mayPay({ ...row, decision: 'waarschuwing' })).toBe(false);
    expect(mayPay({ ...row, status: 'objection' })).toBe(false);
  });

  it('how a decision reads', () => {
    const base = { violationCode: 'V01', description: '', article: '' };
    expect(decisionView({ ...base, decision: 'waarschuwing', amountCents: 0, earlier: [] }).why).toBe('ticketForm.whyWarning');
    expect(decisionView({ ...base, decision: 'boete', amountCents: 7500, earlier: [] }).why).toBe('ticketForm.whyFine');
    expect(decisionView({ ...base, decision: 'boete', amountCents: 7500, earlier: ['B2026-000003'] })).toEqual({
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
    expect(monthsBefore('2026-03-31', 12)).toBe('2025-03-31');
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
  });
});

describe('the mock of controls and tickets', () => {
  it('a ticket: warning first, then a fine naming the earlier one; numbered per year; paid in full becomes paid', async () => {
    const b = await as('toezicht');
    const input = { marketId: 1, day: '2026-11-28', time: '10:15', stall: '4', vendorId: 2, unknownPerson: null, permitId: null, controlId: null, violationCode: 'V05', note: '' };
    expect((await b.decideTicket({ vendorId: 2, violationCode: 'V05', day: '2026-11-28' })).decision).toBe('waarschuwing');
    const first = await b.createTicket({ input });
    const t1 = await b.getTicket({ id: first });
    expect(t1.row.number).toBe('B2026-000011');
    expect(t1.row.status).toBe('draft');
    const d = await b.decideTicket({ vendorId: 2, violationCode: 'V05', day: '2026-12-05' });
    expect(d).toMatchObject({ decision: 'boete', amountCents: 7500, earlier: ['B2026-000011'] });
    const next = await b.createTicket({ input: { ...input, day: '2027-01-02', violationCode: 'V03' } });
    expect((await b.getTicket({ id: next })).row.number).toBe('B2027-000001');
    await b.setTicketStatus({ id: next, status: 'issued', reason: null });
    expect((await rejection(b.payTicket({ id: next, method: 'pin', amount: '150,00' }))).fields[0].field).toBe('amount');
    await b.payTicket({ id: next, method: 'pin', amount: '60,00' });
    expect((await b.getTicket({ id: next })).row.status).toBe('issued');
    await b.payTicket({ id: next, method: 'contant', amount: '40,00' });
    expect((await b.getTicket({ id: next })).row.status).toBe('paid');
    const refused = await rejection(b.setTicketStatus({ id: next, status: 'objection', reason: null }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/betaald/);
    expect((await rejection(b.setTicketStatus({ id: first, status: 'void', reason: 'fout' }))).code).toBe('forbidden');
  });

  it('the sample: once per day, reproducible, a redraw by a senior with a reason', async () => {
    const b = await as('medewerker');
    expect(await b.controlRound({ marketId: 3, day: '2026-11-28' })).toBeNull();
    const r = await b.drawSample({ marketId: 3, day: '2026-11-28' });
    expect(r.reproduces).toBe(true);
    expect(r.entries.length).toBe(10);
    expect(r.entries[0].reason).toBe('enforcement');
    expect((await rejection(b.drawSample({ marketId: 3, day: '2026-11-28' }))).code).toBe('conflict');
    const permitId = r.entries.find((e) => e.permit.presence !== 'niet_aanwezig')!.permit.id;
    await b.recordControl({ input: { permitId, round: 1, presence: 'niet_aanwezig', substituteId: null, products: {}, note: '' } });
    expect((await rejection(b.recordControl({ input: { permitId, round: 1, presence: 'zelf', substituteId: null, products: {}, note: '' } }))).fields[0].field).toBe('round');
    const view = await b.dayView({ marketId: 3, day: '2026-11-28' });
    const permit = view.permits.find((p) => p.id === permitId)!;
    expect(permit.control).toMatchObject({ round: 1, alarming: true });
    // The vendor page's history: the control with its permit's market, day and presence.
    const market = (await b.listMarkets()).find((m) => m.id === 3)!;
    expect(await b.vendorControls({ vendorId: permit.vendorId })).toMatchObject([
      { permitId, round: 1, presence: 'niet_aanwezig', permitPresence: permit.presence, invoiceNumber: permit.invoiceNumber, marketCode: market.code, day: '2026-11-28' },
    ]);
    expect(await b.vendorControls({ vendorId: -1 })).toEqual([]);
    expect((await rejection(b.redrawSample({ marketId: 3, day: '2026-11-28', reason: ' ' }))).fields[0].field).toBe('reason');
    const again = await b.redrawSample({ marketId: 3, day: '2026-11-28', reason: 'verkeerde markt gekozen' });
    expect(again.redrawReason).toBe('verkeerde markt gekozen');
    expect(again.seed).not.toBe(r.seed);
    expect(await b.controlsOf({ permitId })).toEqual([]);
  });

  it('backups: made, checked, a damaged one refused; restore ends the session; only an admin reads the audit log', async () => {
    const b = await as('beheer');
    const list = await b.backups();
    const made = await b.makeBackup();
    expect((await b.backups()).length).toBe(list.length + 1);
    expect((await b.checkBackup({ path: made.path })).schemaVersion).toBeGreaterThan(0);
    expect((await rejection(b.checkBackup({ path: list[list.length - 1].path }))).message).toMatch(/beschadigd/);
    const log = await b.auditLog({ filter: { accountId: null, action: 'backup.', entity: null, entityId: null, from: null, until: null, text: null }, offset: 0, limit: 10 });
    expect(log.items.map((r) => r.action)).toEqual(['backup.make']);
    await b.restoreBackup({ path: made.path });
    expect((await rejection(b.backups())).code).toBe('not_logged_in');
    const senior = await as('medewerker');
    expect((await rejection(senior.restoreBackup({ path: made.path }))).code).toBe('forbidden');
    expect((await rejection(senior.auditLog({ filter: { accountId: null, action: null, entity: null, entityId: null, from: null, until: null, text: null }, offset: 0, limit: 10 }))).code).toBe('forbidden');
  });
});
