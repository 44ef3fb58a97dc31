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
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  NO_AUDIT_FILTER,
  auditActionOptions,
  auditEntityOptions,
  auditFilter,
} from '../../src/screens/inspections/inspections-logic';
import type { DayPermit, Violation } from '../../src/lib/backend/contract';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nl from '../../src/lib/i18n/nl';
import en from '../../src/lib/i18n/en';

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

describe('the audit log filter', () => {
  // The core's own table of what it stores: the match arms of entity_label and action_label.
  const reading = readFileSync(join(__dirname, '../../../crates/markt/src/audit/reading.rs'), 'utf8');
  const arms = (fn: string) => {
    const body = reading.slice(reading.indexOf(`pub fn ${fn}(`));
    return [...body.slice(0, body.indexOf('_ =>')).matchAll(/^\s*"([a-z_.]+)" =>/gm)].map((m) => m[1]);
  };
  const lookup = (dict: object) => (key: string) => key.split('.').reduce<unknown>((d, k) => (d as Record<string, unknown>)?.[k], dict) as string;
  const cmp = (a: string, b: string) => a.localeCompare(b, 'nl');

  it('offers every kind the core stores, by its stored name (daily_permit, not permit), each with a label in nl and en', () => {
    const stored = arms('entity_label');
    expect(stored).toContain('daily_permit');
    expect([...AUDIT_ENTITIES].sort()).toEqual([...stored].sort());
    expect(Object.keys(nl.auditEntity).sort()).toEqual([...AUDIT_ENTITIES].sort());
    expect(Object.keys(en.auditEntity).sort()).toEqual([...AUDIT_ENTITIES].sort());
    const options = auditEntityOptions(lookup(nl), cmp);
    expect(options.find((o) => o.value === 'daily_permit')?.label).toBe('dagvergunning');
    expect(options.map((o) => o.label)).toEqual(options.map((o) => o.label).sort(cmp));
  });

  it('offers actions in words; each value is a code (or its start) the core writes', () => {
    const codes = arms('action_label');
    expect(codes).toContain('permit.void');
    const options = auditActionOptions(lookup(nl), cmp);
    for (const o of options) {
      expect(codes.some((c) => c.startsWith(o.value)), o.value).toBe(true);
      expect(o.label, o.value).not.toMatch(/[a-z_]+\.[a-z_]*/);
      expect(typeof lookup(en)(`auditAction.${AUDIT_ACTIONS.find((g) => g.code === o.value)?.label ?? AUDIT_ACTIONS.flatMap((g) => g.actions ?? []).find(([c]) => c === o.value)![1]}`)).toBe('string');
    }
    expect(options.find((o) => o.value === 'permit.')?.label).toBe('dagvergunningen: alles');
    // The single actions follow their group.
    const values = options.map((o) => o.value);
    expect(values.indexOf('permit.void')).toBe(values.indexOf('permit.') + 2);
  });

  it('sends the chosen codes and never an internal id', () => {
    expect('entityId' in NO_AUDIT_FILTER).toBe(false);
    expect(auditFilter({ ...NO_AUDIT_FILTER, action: 'permit.void', entity: 'daily_permit', text: ' D2026-000100 ' })).toEqual({
      accountId: null,
      action: 'permit.void',
      entity: 'daily_permit',
      entityId: null,
      from: null,
      until: null,
      text: 'D2026-000100',
    });
  });
});
