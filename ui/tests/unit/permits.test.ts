// The market morning's logic: scan detection, payment keys, the form as PermitForm, the day
// screens' small rules, their i18n keys, and the mock following the core's rules.
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
import { attendanceCutoff } from '../../src/lib/backend/mock-morning';
import { createMockBackend } from '../../src/lib/backend/mock';
import type { AppError, AttendanceRow, Counter, PermitDetail, PermitForm } from '../../src/lib/backend/types';
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
    };
    expect(toPermitForm(f, ctx)).toEqual(expected);
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
    expect(needsReason([{ code: 'no_registration', message: '', needsReason: false }])).toBe(false);
    expect(needsReason([{ code: 'already_permit_today', message: '', needsReason: true }])).toBe(true);
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
    const row = (id: number, status: string, comes: boolean, name = `Naam ${id}`): AttendanceRow => ({
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

// ── The mock follows the core ───────────────────────────────────────────────────────────

async function as(username: string, password: string) {
  const b = createMockBackend({ vendorCount: 400 });
  await b.login({ username, password });
  return b;
}
const supervisor = () => as('toezicht', 'toezicht-2026');
async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}
const DAY = '2026-11-28';
const form = (vendorId: number, over: Partial<PermitForm> = {}): PermitForm => ({
  marketId: 1,
  day: DAY,
  vendorId,
  presence: 'zelf',
  substituteId: null,
  identifiedBy: 'getypt',
  requested: { stalls_3m: 1 },
  stalls: ['1'],
  note: '',
  payment: 'pin',
  overrideReason: null,
  ...over,
});

describe('the mock’s market morning', () => {
  it('finds by number with or without the dot; prefills a fixed holder; no warnings', async () => {
    const b = await supervisor();
    expect((await b.findVendor({ text: '19570810.02' })).id).toBe(1);
    expect((await b.findVendor({ text: ' 1957081002 ' })).id).toBe(1);
    expect((await rejection(b.findVendor({ text: '0000000000' }))).code).toBe('not_found');
    const c = await b.openCounter({ marketId: 1, day: DAY, vendorId: 1 });
    expect(c.status).toBe('vpl');
    expect(c.requested).toEqual({ stalls_3m: 1, electricity: 1 });
    expect(c.allocated).toEqual(['1']);
    expect(c.warnings).toEqual([]);
    expect(c.substitutes.map((s) => s.vendorId)).toEqual([301]);
  });

  it('a second permit that day needs a reason; lot without a registration', async () => {
    const b = await supervisor();
    const c = await b.openCounter({ marketId: 1, day: DAY, vendorId: 250 });
    expect(c.status).toBe('lot');
    expect(c.warnings.map((w) => w.code)).toEqual(['already_permit_today', 'no_registration', 'not_allocated']);
    const e = await rejection(b.issuePermit({ form: form(250) }));
    expect(e.code).toBe('invalid');
    expect(e.fields[0].field).toBe('override_reason');
    const ok = await b.issuePermit({ form: form(250, { overrideReason: 'middag hier' }) });
    expect(ok.totalInclCents).toBe(1167);
    const v = await b.dayView({ marketId: 1, day: DAY });
    expect(v.multiple.map((m) => m.vendorId)).toEqual([250]);
    expect(v.permits[0].overrideReason).toBe('middag hier');
  });

  it('void reverses the payment; reversal and repayment; the day view adds up', async () => {
    const b = await supervisor();
    const a = await b.issuePermit({ form: form(41, { payment: 'contant' }) });
    const x = await b.issuePermit({ form: form(42) });
    await b.voidPermit({ id: x.id, reason: 'verkeerde ondernemer' });
    expect((await rejection(b.voidPermit({ id: x.id, reason: 'nog eens' }))).code).toBe('conflict');
    expect((await rejection(b.voidPermit({ id: a.id, reason: ' ' }))).fields[0].field).toBe('reason');
    const d = await b.getPermit({ id: a.id });
    await b.reversePayment({ id: d.payments[0].id, reason: 'pin toch' });
    expect((await rejection(b.reversePayment({ id: d.payments[0].id, reason: 'x' }))).code).toBe('conflict');
    await b.payOpenAmount({ permitId: a.id, method: 'pin' });
    expect((await rejection(b.payOpenAmount({ permitId: a.id, method: 'pin' }))).code).toBe('conflict');
    const v = await b.dayView({ marketId: 1, day: DAY });
    expect(v.voided).toBe(1);
    expect(v.permits.find((p) => p.id === x.id)?.voidReason).toBe('verkeerde ondernemer');
    expect(v.totalCents).toBe(v.dueCents);
    expect(v.money.find((m) => m.method === 'contant')?.cents).toBe(0);
    expect(v.money.find((m) => m.method === 'pin')?.cents).toBe(a.totalInclCents);
    expect(v.byStatus.reduce((s, c) => s + c.count, 0)).toBe(1);
  });

  it('a correction voids and reissues in one go, prefilled from what was asked', async () => {
    const b = await supervisor();
    const a = await b.issuePermit({ form: form(1, { requested: { stalls_3m: 2 }, note: 'hoek' }) });
    const d = await b.getPermit({ id: a.id });
    expect(d.requested).toEqual({ stalls_3m: 2 });
    expect(d.note).toBe('hoek');
    const r = await b.reissuePermit({ id: a.id, reason: 'verkeerde plaats', form: form(1, { stalls: ['2'] }) });
    const v = await b.dayView({ marketId: 1, day: DAY });
    expect(v.permits.map((p) => [p.id, p.voidReason, p.replacesId])).toEqual([
      [a.id, 'verkeerde plaats', null],
      [r.id, null, a.id],
    ]);
  });

  it('the day close: the clerk’s money, the difference, and the day locked', async () => {
    const b = await supervisor();
    const a = await b.issuePermit({ form: form(250, { marketId: 1, payment: 'contant', overrideReason: 'x' }) });
    const day = await b.clerkDay({ marketId: 1, day: DAY });
    expect(day).toMatchObject({ permits: 1, cashCents: a.totalInclCents, totalCents: a.totalInclCents });
    expect((await rejection(b.closeDay({ marketId: 1, day: DAY, countedCash: 'veel' }))).fields[0].field).toBe('countedCash');
    expect((await rejection(b.closeDay({ marketId: 1, day: DAY, countedCash: '-1,00' }))).fields[0].problem).toBe('out_of_range');
    await b.closeDay({ marketId: 1, day: DAY, countedCash: '10,00' });
    const v = await b.dayView({ marketId: 1, day: DAY });
    expect(v.closes[0].differenceCents).toBe(1000 - a.totalInclCents);
    expect((await rejection(b.closeDay({ marketId: 1, day: DAY, countedCash: '10,00' }))).code).toBe('conflict');
    expect((await rejection(b.issuePermit({ form: form(1) }))).code).toBe('conflict');
    expect((await rejection(b.voidPermit({ id: a.id, reason: 'fout' }))).code).toBe('forbidden');
    // A senior corrects the closed day.
    await b.logout();
    await b.login({ username: 'medewerker', password: 'marktbureau-2026' });
    await b.voidPermit({ id: a.id, reason: 'fout' });
  });

  it('attendance: the 15:00 cut-off the day before; after it a senior with a reason', async () => {
    expect(attendanceCutoff('2026-11-28').toISOString()).toBe('2026-11-27T14:00:00.000Z');
    expect(attendanceCutoff('2026-07-04').toISOString()).toBe('2026-07-03T13:00:00.000Z');
    const b = await supervisor();
    const today = await b.attendanceDay({ marketId: 1, day: DAY });
    expect(today.afterCutoff).toBe(true);
    expect(today.rows.find((r) => r.vendorId === 5)?.source).toBe('absence');
    expect(today.rows.find((r) => r.vendorId === 3)).toMatchObject({ source: 'pattern', comes: true });
    const e = await rejection(b.recordAttendance({ vendorId: 1, marketId: 1, day: DAY, attends: false, reason: 'ziek' }));
    expect(e.code).toBe('forbidden');
    const monday = '2026-11-30';
    expect((await b.attendanceDay({ marketId: 1, day: monday })).afterCutoff).toBe(false);
    await b.recordAttendance({ vendorId: 1, marketId: 1, day: monday, attends: false, reason: null });
    const row = (await b.attendanceDay({ marketId: 1, day: monday })).rows.find((r) => r.vendorId === 1);
    expect(row).toMatchObject({ comes: false, source: 'record', intent: 'absent' });
    expect((await rejection(b.recordAttendance({ vendorId: 1, marketId: 1, day: '2026-11-29', attends: true, reason: null }))).fields[0].field).toBe('day');
    expect((await rejection(b.setPattern({ vendorId: 1, marketId: 1, weekdays: ['zo'] }))).fields[0].field).toBe('weekdays');
    await b.setPattern({ vendorId: 1, marketId: 1, weekdays: ['ma'] });
    expect((await rejection(b.addAbsence({ vendorId: 1, marketId: 1, from: '2026-12-10', until: '2026-12-01', reason: '' }))).fields[0].field).toBe('until');
    await b.addAbsence({ vendorId: 1, marketId: 1, from: '2026-12-01', until: '2026-12-10', reason: 'vakantie' });
    expect((await b.absences({ vendorId: 1, marketId: 1 })).map((a) => a.reason)).toEqual(['vakantie']);

    const senior = await as('medewerker', 'marktbureau-2026');
    expect((await rejection(senior.recordAttendance({ vendorId: 1, marketId: 1, day: DAY, attends: false, reason: ' ' }))).fields[0].field).toBe('reason');
    await senior.recordAttendance({ vendorId: 1, marketId: 1, day: DAY, attends: false, reason: 'ziek' });
  });

  it('notes: added, ticked, refused for finance', async () => {
    const b = await supervisor();
    expect((await rejection(b.addNote({ marketId: 1, day: DAY, text: '  ' }))).fields[0].field).toBe('text');
    const id = await b.addNote({ marketId: 1, day: DAY, text: 'Stroom uit' });
    await b.tickNote({ id, done: true });
    expect((await b.dayView({ marketId: 1, day: DAY })).notes[0]).toMatchObject({ text: 'Stroom uit', done: true });
    const f = await as('financien', 'financien-2026');
    expect((await rejection(f.addNote({ marketId: 1, day: DAY, text: 'x' }))).code).toBe('forbidden');
    expect((await rejection(f.issuePermit({ form: form(1) }))).code).toBe('forbidden');
  });
});
