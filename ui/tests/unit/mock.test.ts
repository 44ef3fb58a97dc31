import { describe, expect, it } from 'vitest';
import { createMockBackend } from '../../src/lib/backend/mock';
import type { AppError, VendorInput } from '../../src/lib/backend/types';

async function as(role: 'beheer' | 'medewerker' | 'toezicht' | 'financien') {
  const b = createMockBackend();
  const password = { beheer: 'beheer-2026', medewerker: 'marktbureau-2026', toezicht: 'toezicht-2026', financien: 'financien-2026' }[role];
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

const vendor = (over: Partial<VendorInput> = {}): VendorInput => ({
  registrationNumber: '20010101.01',
  initials: 'A.',
  infix: '',
  surname: 'Nieuw',
  email: '',
  phone: '',
  passId: '',
  status: 'actief',
  enforcementUntil: null,
  ...over,
});

describe('the mock backend', () => {
  it('start-up states and the first run', async () => {
    expect((await createMockBackend().startup()).state).toBe('ready');
    const fresh = createMockBackend({ startup: 'needs_setup' });
    expect((await fresh.startup()).state).toBe('needs_setup');
    const e = await rejection(fresh.createDatabase({ kind: 'empty', admin: { username: '', displayName: 'X', password: 'kort' } }));
    expect(e.fields.map((f) => f.field).sort()).toEqual(['password', 'username']);
    expect((await fresh.createDatabase({ kind: 'empty', admin: { username: 'eerste', displayName: 'Eerste', password: 'lang-genoeg-1' } })).state).toBe('ready');
    expect((await fresh.login({ username: 'eerste', password: 'lang-genoeg-1' })).role).toBe('admin');
    const broken = await createMockBackend({ startup: 'error' }).startup();
    expect(broken.error?.code).toBe('schema_too_new');
  });

  it('login: failed, locked after nine tries, and the session’s permissions', async () => {
    const b = createMockBackend();
    expect((await rejection(b.login({ username: 'beheer', password: 'x' }))).code).toBe('login_failed');
    expect((await rejection(b.login({ username: 'geblokkeerd', password: 'geblokkeerd-2026' }))).code).toBe('account_locked');
    for (let i = 0; i < 9; i++) await rejection(b.login({ username: 'toezicht', password: 'x' }));
    expect((await rejection(b.login({ username: 'toezicht', password: 'toezicht-2026' }))).code).toBe('account_locked');
    const s = await b.login({ username: 'financien', password: 'financien-2026' });
    expect(s.permissions).toEqual(['ExportFinance']);
    await b.logout();
    expect(await b.session()).toBeNull();
    expect((await rejection(b.listMarkets())).code).toBe('not_logged_in');
  });

  it('refuses what a role may not do, with the core’s forbidden', async () => {
    const b = await as('toezicht');
    const e = await rejection(b.saveVendor({ id: 1, input: vendor() }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('markttoezichthouder');
    expect((await rejection((await as('medewerker')).saveMarket({ id: 1, input: {} as never }))).code).toBe('forbidden');
    expect((await rejection((await as('financien')).listAccounts())).code).toBe('forbidden');
  });

  it('names every bad field at once, with the core’s field names', async () => {
    const b = await as('medewerker');
    const e = await rejection(b.saveVendor({ id: null, input: vendor({ registrationNumber: '123', surname: ' ', email: 'x@', phone: 'abc' }) }));
    expect(e.code).toBe('invalid');
    expect(e.fields.map((f) => f.field)).toEqual(['registration_number', 'surname', 'email', 'phone']);
    const dup = await rejection(b.saveVendor({ id: null, input: vendor({ registrationNumber: '19570810.02' }) }));
    expect(dup.fields[0]).toMatchObject({ field: 'registration_number', problem: 'duplicate' });
  });

  it('saves a vendor and finds it again', async () => {
    const b = await as('medewerker');
    const id = await b.saveVendor({ id: null, input: vendor({ surname: 'Ünal', registrationNumber: '2001010101' }) });
    const page = await b.searchVendors({ query: 'unal', offset: 0, limit: 10 });
    expect(page.items.map((v) => v.id)).toContain(id);
    expect((await b.getVendor({ id })).vendor.registrationNumber).toBe('20010101.01');
  });

  it('search filters without diacritics and pages in the core', async () => {
    const b = await as('toezicht');
    const all = await b.searchVendors({ query: '', offset: 0, limit: 50 });
    expect(all.total).toBe(1500);
    expect(all.items).toHaveLength(50);
    const next = await b.searchVendors({ query: '', offset: 50, limit: 50 });
    expect(next.items[0].sortName >= all.items[49].sortName).toBe(true);
    const last = await b.searchVendors({ query: '', offset: 1490, limit: 50 });
    expect(last.items).toHaveLength(10);
    const celik = await b.searchVendors({ query: 'CELIK', offset: 0, limit: 500 });
    expect(celik.total).toBeGreaterThan(0);
    expect(celik.items.every((v) => v.name.includes('Çelik'))).toBe(true);
    const two = await b.searchVendors({ query: 'van der berg j.p.', offset: 0, limit: 10 });
    expect(two.items[0].registrationNumber).toBe('19570810.02');
    expect((await b.searchVendors({ query: '1957081002', offset: 0, limit: 10 })).total).toBe(1);
  });

  it('the stall map: layout, blocked stalls for a day, stalls and obstacles', async () => {
    const b = await as('beheer');
    const layout = await b.marketLayout({ id: 1, day: '2026-11-28' });
    expect(layout.rows).toHaveLength(3);
    const stalls = layout.rows.flatMap((r) => r.stalls);
    expect(stalls.filter((s) => s.blockedReason)).toHaveLength(3);
    expect((await b.marketLayout({ id: 1, day: '2026-11-27' })).rows.flatMap((r) => r.stalls).filter((s) => s.blockedReason)).toHaveLength(0);
    expect(stalls.filter((s) => s.holder)).toHaveLength(40);
    const row = layout.rows[0];
    const e = await rejection(b.saveStall({ id: null, input: { ...row.stalls[0], rowId: row.id, number: '2' } }));
    expect(e.fields[0]).toMatchObject({ field: 'number', problem: 'duplicate' });
    const [a, c] = [row.stalls[0], row.stalls[2]];
    expect((await rejection(b.addObstacle({ beforeStallId: a.id, afterStallId: c.id, kind: 'boom' }))).code).toBe('invalid');
    await b.addObstacle({ beforeStallId: a.id, afterStallId: row.stalls[1].id, kind: 'bank' });
    await b.blockStall({ stallId: a.id, day: '2026-12-01', reason: 'kerstmarkt' });
    const later = await b.marketLayout({ id: 1, day: '2026-12-01' });
    expect(later.rows[0].stalls[0].blockedReason).toBe('kerstmarkt');
    expect(later.rows[0].obstacles.some((o) => o.beforeStallId === a.id)).toBe(true);
  });

  it('tariff plans take the rate as typed and name the bad one', async () => {
    const b = await as('beheer');
    const e = await rejection(
      b.saveTariffPlan({ id: null, input: { marketId: 2, name: 'X', from: '2027-01-01', until: null, weekdays: null, ignoreFixed: false, rates: [{ kindId: 1, rate: '2,46' }, { kindId: 2, rate: '2.4.6x' }] } }),
    );
    expect(e.fields).toEqual([expect.objectContaining({ field: 'rates[1]', problem: 'format' })]);
    const id = await b.saveTariffPlan({ id: null, input: { marketId: 2, name: 'X', from: '2027-01-01', until: null, weekdays: null, ignoreFixed: false, rates: [{ kindId: 1, rate: '€ 1.234,5' }] } });
    expect((await b.tariffPlans({ marketId: 2 })).find((p) => p.id === id)?.rates).toEqual([{ kindId: 1, rateCents: 123450 }]);
  });

  it('quotes the example of fees.md', async () => {
    const b = await as('beheer');
    const q = await b.quote({
      request: {
        marketId: 1,
        day: '2026-03-02',
        status: 'vpl',
        fixed: { stalls_4m: 1, electricity: 1, island: 1 },
        requested: { stalls_3m: 1, stalls_4m: 1, extra_meters: 2, electricity: 2, island: 1 },
      },
    });
    expect(q.plan).toBe('Lineair 2026');
    expect(q.lines.map((l) => [l.label, l.quantity, l.priceCents, l.vatPercent, l.exclCents, l.vatCents, l.inclCents])).toEqual([
      ['afgenomen meters (normaal tarief)', 5, 246, '0', 1230, 0, 1230],
      ['afgenomen meters (normaal tarief) (vast)', 4, 0, '0', 0, 0, 0],
      ['afvaleiland (vast)', 1, 0, '0', 0, 0, 0],
      ['elektra', 1, 321, '9', 321, 29, 350],
      ['elektra (vast)', 1, 0, '0', 0, 0, 0],
      ['promotiegelden per meter', 5, 11, '0', 55, 0, 55],
      ['promotiegelden per meter (vast)', 4, 0, '0', 0, 0, 0],
      ['reiniging (normaal tarief)', 5, 47, '21', 235, 49, 284],
      ['reiniging (normaal tarief) (vast)', 4, 0, '0', 0, 0, 0],
      ['toeslag bedrijfsafval', 5, 19, '21', 95, 20, 115],
      ['toeslag bedrijfsafval (vast)', 4, 0, '0', 0, 0, 0],
    ]);
    expect([q.totalExclCents, q.totalVatCents, q.totalInclCents]).toEqual([1936, 98, 2034]);
    // The Saturday plan wins on a Saturday; an applicant gets no fixed deduction.
    const sat = await b.quote({ request: { marketId: 1, day: '2026-11-28', status: 'soll', fixed: { stalls_3m: 1 }, requested: { stalls_3m: 1 } } });
    expect(sat.plan).toBe('Zaterdag 2026');
    expect(sat.lines.find((l) => l.label === 'afgenomen meters (normaal tarief)')).toMatchObject({ quantity: 3, priceCents: 298 });
    expect((await rejection(b.quote({ request: { marketId: 4, day: '2026-11-29', status: 'vpl', fixed: {}, requested: {} } }))).code).toBe('no_tariff_plan');
  });

  it('accounts: create with field errors, unlock by a senior', async () => {
    const admin = await as('beheer');
    const e = await rejection(admin.createAccount({ input: { username: 'beheer', displayName: '', role: 'senior', password: 'kort' } }));
    expect(e.fields.map((f) => f.field).sort()).toEqual(['display_name', 'password', 'username']);
    const senior = await as('medewerker');
    const locked = (await senior.listAccounts()).find((a) => a.locked)!;
    await senior.unlockAccount({ id: locked.id });
    expect((await senior.listAccounts()).find((a) => a.id === locked.id)?.locked).toBe(false);
    expect((await rejection(senior.createAccount({ input: { username: 'x', displayName: 'X', role: 'senior', password: '0123456789' } }))).code).toBe('forbidden');
  });

  it('registrations: list number unique per market, a stall has one holder, void with a reason', async () => {
    const b = await as('medewerker');
    const layout = await b.marketLayout({ id: 1, day: '2026-11-28' });
    const held = layout.rows[0].stalls[0];
    const e = await rejection(
      b.saveRegistration({ id: null, input: { vendorId: 1400, marketId: 1, listNumber: 1, status: 'soll', registeredOn: '2026-01-01', stallIds: [held.id], products: [] } }),
    );
    expect(e.fields.map((f) => f.field).sort()).toEqual(['list_number', 'stalls[0]']);
    const id = await b.saveRegistration({ id: null, input: { vendorId: 1400, marketId: 1, listNumber: 999, status: 'soll', registeredOn: '2026-01-01', stallIds: [], products: [] } });
    expect((await rejection(b.voidRegistration({ id, reason: ' ' }))).fields[0].field).toBe('reason');
    await b.voidRegistration({ id, reason: 'verhuisd' });
    expect((await b.getVendor({ id: 1400 })).registrations[0]).toMatchObject({ voided: true, voidReason: 'verhuisd' });
  });

  it('prints like the core: a file per document, no_printer without a printer, A/B lists where used', async () => {
    const b = await as('toezicht');
    const p = await b.previewDocument({ request: { document: 'daily-list', marketId: 1, day: '2026-11-28' } });
    expect(p.fileName).toBe('dagelijkse-marktlijst-AC-2026-11-28.pdf');
    expect(p.pages).toBeGreaterThan(0);
    const e = await rejection(b.printDocument({ request: { document: 'day-close', marketId: 1, day: '2026-11-28' } }));
    expect(e.code).toBe('no_printer');
    expect(e.message).toContain('kasopmaak-AC-2026-11-28.pdf');
    const missing = await rejection(b.previewDocument({ request: { document: 'permit-list', marketId: null, day: null } }));
    expect(missing.fields.map((f) => f.field)).toEqual(['market', 'day']);
    const ab = await rejection(b.previewDocument({ request: { document: 'ab-list', marketId: 3, day: '2026-11-28' } }));
    expect(ab.code).toBe('conflict');
    const withPrinter = createMockBackend({ printer: true });
    await withPrinter.login({ username: 'toezicht', password: 'toezicht-2026' });
    const job = await withPrinter.printDocument({ request: { document: 'barcodes', marketId: 2, day: '2026-11-28' } });
    expect(job.job).toContain('request id');
    const nobody = await rejection(createMockBackend().previewDocument({ request: { document: 'daily-list', marketId: 1, day: '2026-11-28' } }));
    expect(nobody.code).toBe('not_logged_in');
  });
});
