// The market morning's logic: scan detection, payment keys, the form as PermitForm, the day
// screens' small rules and their i18n keys.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ScanDetector,
  formFromPermit,
  initialForm,
  looksScanned,
  lookupKind,
  methodForKey,
  needsReason,
  parseStalls,
  step,
  toPermitForm,
  type CounterForm,
} from '../../src/screens/permits/counter-logic';
import { balance, cashDifference, filterAttendance, parseTypedMoney } from '../../src/screens/permits/day-logic';
import type { AttendanceRow, RegistrationStatus, Counter, PermitDetail, PermitForm } from '../../src/lib/backend/contract';
import nl from '../../src/lib/i18n/nl';

const counter = (over: Partial<Counter> = {}): Counter => ({
  vendor: {} as Counter['vendor'],
  marketId: 1,
  day: '2026-11-28',
  status: 'vpl',
  registration: { listNumber: 1, status: 'vpl', stallNumbers: ['12', '13'] },
  fixed: { stalls_3m: 2 },
  allocated: ['40'],
  allocationState: 'gepubliceerd',
  requested: { stalls_3m: 2, electricity: 1 },
  today: [],
  substitutes: [],
  warnings: [],
  ...over,
});

describe('scan detection', () => {
  it('a burst of characters under 30 ms apart, ending in Enter, is a scan', () => {
    expect(looksScanned([0, 8, 16, 24, 31, 39, 47, 55, 62, 70], 78)).toBe(true);
  });
  it('a person types slower', () => {
    expect(looksScanned([0, 110, 230, 320, 450, 560, 700, 810, 900, 1010], 1200)).toBe(false);
    // One slow gap anywhere, or a slow Enter, is a person.
    expect(looksScanned([0, 10, 20, 60, 70], 80)).toBe(false);
    expect(looksScanned([0, 10, 20, 30, 40], 300)).toBe(false);
  });
  it('a gap of exactly 30 ms is not a scanner’s', () => {
    expect(looksScanned([0, 30, 60, 90], 100)).toBe(false);
    expect(looksScanned([0, 29, 58, 87], 100)).toBe(true);
  });
  it('a few quick characters are not a scan', () => {
    expect(looksScanned([0, 5, 10], 15)).toBe(false);
  });
  it('the detector: a burst after slow typing covers only part of the text', () => {
    const d = new ScanDetector();
    [0, 10, 20, 30, 40, 50, 60, 70, 80, 90].forEach((t) => d.key(t));
    expect(d.enter(100, 10)).toBe(true);
    // It starts over after Enter.
    expect(d.enter(110, 10)).toBe(false);
    // "1957" typed by hand, then six fast characters: not a scan of the whole number.
    [0, 200, 400, 600, 700, 710, 720, 730, 740, 750].forEach((t) => d.key(t + 1000));
    expect(d.enter(1760, 10)).toBe(false);
    d.key(0);
    d.reset();
    expect(d.enter(5, 0)).toBe(false);
  });
});

describe('keys and lookup', () => {
  it('p, c and r pick the payment method, in either case', () => {
    expect(methodForKey('p')).toBe('pin');
    expect(methodForKey('C')).toBe('contant');
    expect(methodForKey('r')).toBe('op_rekening');
    expect(methodForKey('x')).toBeNull();
    expect(methodForKey('Enter')).toBeNull();
  });
  it('digits look a number up; letters search names; a scan always looks up', () => {
    expect(lookupKind('1957081002', false)).toBe('number');
    expect(lookupKind(' 19570810.02 ', false)).toBe('number');
    expect(lookupKind('berg', false)).toBe('name');
    expect(lookupKind('P100123', false)).toBe('name');
    expect(lookupKind('P100123', true)).toBe('number');
  });
});

describe('the form', () => {
  it('opens with presence zelf, pin, the prefill and the allocated stalls', () => {
    const f = initialForm(counter());
    expect(f).toEqual({
      presence: 'zelf',
      substituteId: null,
      products: { stalls_3m: 2, electricity: 1 },
      stalls: '40',
      payment: 'pin',
      note: '',
      overrideReason: '',
    });
    // Without an allocation that day a fixed holder stands on the fixed stalls.
    expect(initialForm(counter({ allocationState: null, allocated: [] })).stalls).toBe('12, 13');
    // Allocated but not given a stall: nothing prefilled.
    expect(initialForm(counter({ allocated: [] })).stalls).toBe('');
    // The prefill is a copy: editing the form leaves the counter as it was.
    const c = counter();
    initialForm(c).products.stalls_3m = 5;
    expect(c.requested.stalls_3m).toBe(2);
  });

  it('becomes the contract’s PermitForm', () => {
    const f: CounterForm = {
      presence: 'zelf',
      substituteId: 301,
      products: { stalls_3m: 2, electricity: 0, extra_meters: 1 },
      stalls: ' 12, 13a  14;15 ',
      payment: 'contant',
      note: '  hoek ',
      overrideReason: '  tweede kraam ',
    };
    const ctx = { marketId: 1, day: '2026-11-28', vendorId: 7, identifiedBy: 'gescand' as const, reasonAsked: false };
    const expected: PermitForm = {
      marketId: 1,
      day: '2026-11-28',
      vendorId: 7,
      presence: 'zelf',
      substituteId: null,
      identifiedBy: 'gescand',
      requested: { stalls_3m: 2, extra_meters: 1 },
      stalls: ['12', '13a', '14', '15'],
      note: 'hoek',
      payment: 'contant',
      overrideReason: null,
      confirmedDay: null,
    };
    expect(toPermitForm(f, ctx)).toEqual(expected);
    // The day goes along only when the clerk confirmed it (a permit for another day).
    expect(toPermitForm(f, { ...ctx, confirmedDay: '2026-11-30' }).confirmedDay).toBe('2026-11-30');
    // The substitute only with a substitute presence; the reason only when asked for.
    const sub = toPermitForm({ ...f, presence: 'vervanger_met_toestemming' }, { ...ctx, reasonAsked: true });
    expect(sub.substituteId).toBe(301);
    expect(sub.overrideReason).toBe('tweede kraam');
    expect(toPermitForm({ ...f, overrideReason: '   ' }, { ...ctx, reasonAsked: true }).overrideReason).toBeNull();
  });

  it('a correction starts from the permit it replaces', () => {
    const d = {
      permit: { id: 9, presence: 'partner', stalls: ['3', '4'] },
      payments: [
        { id: 1, method: 'contant', amountCents: 500, reversesId: null, reason: null, at: '' },
        { id: 2, method: 'contant', amountCents: -500, reversesId: 1, reason: 'x', at: '' },
      ],
      requested: { stalls_3m: 2 },
      substituteId: null,
      note: 'hoek',
      lines: [],
    } as unknown as PermitDetail;
    expect(formFromPermit(d)).toEqual({
      presence: 'partner',
      substituteId: null,
      products: { stalls_3m: 2 },
      stalls: '3, 4',
      payment: 'contant',
      note: 'hoek',
      overrideReason: '',
    });
  });

  it('small rules: stalls, steps, warnings that need a reason', () => {
    expect(parseStalls('')).toEqual([]);
    expect(parseStalls('1,2')).toEqual(['1', '2']);
    expect(step(undefined, 1)).toBe(1);
    expect(step(0, -1)).toBe(0);
    expect(step(100, 1)).toBe(100);
    expect(needsReason([{ code: 'no_registration', message: '', needsReason: false, permit: null }])).toBe(false);
    expect(needsReason([{ code: 'already_permit_today', message: '', needsReason: true, permit: 'D2026-000001' }])).toBe(true);
    expect(needsReason([{ code: 'stall_blocked', message: 'plaats 4 is vandaag geblokkeerd', needsReason: true, permit: null }])).toBe(true);
  });
});

describe('the day screens', () => {
  it('balance, typed money and the live difference of the close', () => {
    expect(balance({ totalCents: 1000, dueCents: 1000 })).toBe(0);
    expect(balance({ totalCents: 900, dueCents: 1000 })).toBe(-100);
    expect(parseTypedMoney('1.234,50')).toBe(123450);
    expect(parseTypedMoney('€ 12')).toBe(1200);
    expect(parseTypedMoney('12,5')).toBe(1250);
    expect(parseTypedMoney('1234,5')).toBe(123450);
    expect(parseTypedMoney('12.5')).toBeNull();
    expect(parseTypedMoney('veel')).toBeNull();
    expect(parseTypedMoney('')).toBeNull();
    expect(cashDifference('100,00', 10250)).toBe(-250);
    expect(cashDifference('x', 10250)).toBeNull();
  });

  it('the attendance filters', () => {
    const row = (id: number, status: RegistrationStatus, comes: boolean, name = `Naam ${id}`): AttendanceRow => ({
      vendorId: id,
      name,
      registrationNumber: `1957081${id}.00`,
      status,
      listNumber: id,
      intent: 'unspecified',
      comes,
      source: 'default',
      reason: null,
      pattern: null,
    });
    const rows = [row(1, 'vpl', true), row(2, 'soll', false, 'Çelik'), row(3, 'soll', true)];
    expect(filterAttendance(rows, 'alle').length).toBe(3);
    expect(filterAttendance(rows, 'komt').map((r) => r.vendorId)).toEqual([1, 3]);
    expect(filterAttendance(rows, 'komt_niet').map((r) => r.vendorId)).toEqual([2]);
    expect(filterAttendance(rows, 'sollicitanten').map((r) => r.vendorId)).toEqual([2, 3]);
    expect(filterAttendance(rows, 'alle', 'celik').map((r) => r.vendorId)).toEqual([2]);
  });
});

describe('the permit screens’ messages', () => {
  const keys = (obj: object, prefix = ''): string[] =>
    Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
  const known = new Set(keys(nl));
  const dir = join(__dirname, '../../src/screens/permits');

  it('every key named in the permit screens exists (tables too)', () => {
    const missing: string[] = [];
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/'((?:permits|counter|dayView|dayClose|dayNotes|attendanceDay)\.[a-zA-Z.]+)'/g)) {
        if (!known.has(m[1])) missing.push(`${f}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every warning code of the contract has its label', () => {
    const codes = ['already_permit_today', 'no_registration', 'removed', 'not_active', 'enforcement', 'not_allocated', 'substitute_not_registered'];
    for (const c of codes) expect(known.has(`counter.warning.${c}`), c).toBe(true);
  });
});
