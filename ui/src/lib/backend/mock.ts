// An in-memory `Backend` for browser tests and `npm run dev:mock`. It follows the core's
// rules visibly enough to test the UI against: the same roles and permissions, field errors
// for bad input (with the core's snake_case field names), search without diacritics with
// paging, the fee engine of fees.md. Never part of the real build (see index.ts).
import type { Backend } from './api';
import * as data from './mock-data';
import { computeQuote, type FeeKind } from './mock-fee';
import { createMorning } from './mock-morning';
import { createInspections } from './mock-inspections';
import { createBackups } from './mock-backups';
import { createMockAllocation } from './mock-allocation';
import { createReports } from './mock-reports';
import { permissionsOf } from '../permissions';
import { heldOn } from '../markets';
import type {
  Account,
  AppError,
  Branch,
  FieldError,
  Layout,
  Market,
  MarketBranchRule,
  MarketInput,
  Obstacle,
  DocumentKind,
  Printed,
  PrintRequest,
  Product,
  Registration,
  Role,
  Session,
  StallInput,
  Startup,
  Substitute,
  TariffKind,
  TariffPlan,
  VatRate,
  VendorRow,
} from './types';

export interface MockOptions {
  startup?: 'ready' | 'needs_setup' | 'error';
  /** Whether a default printer is set up (a browser has none: printing answers `no_printer`). */
  printer?: boolean;
  today?: string;
  vendorCount?: number;
  /** Milliseconds per progress step of the mock's exports and imports (`?step=200` slows
   * them so a browser test can press Cancel). */
  jobStepMs?: number;
}

interface MockStall {
  id: number;
  rowId: number;
  number: string;
  lengthM: number;
  cooking: string;
  evi: boolean;
  active: boolean;
  properties: string[];
  branchIds: number[];
}
interface MockRow {
  id: number;
  marketId: number;
  name: string;
  circular: boolean;
  stallIds: number[];
}
interface MockRegistration {
  id: number;
  vendorId: number;
  marketId: number;
  listNumber: number;
  status: string;
  registeredOn: string;
  voided: boolean;
  voidReason: string | null;
  stallIds: number[];
  products: { productId: number; quantity: number }[];
}
interface MockSubstitute {
  id: number;
  vendorId: number;
  substituteId: number;
  validFrom: string;
  validUntil: string | null;
}

const ROLE_NL: Record<Role, string> = {
  admin: 'beheerder',
  senior: 'medewerker marktbureau',
  supervisor: 'markttoezichthouder',
  finance: 'financiën',
};
const ACTION_NL: Record<string, string> = {
  ManageAccounts: 'accounts beheren',
  UnlockAccount: 'een account deblokkeren',
  EditMarkets: 'markten, rijen en plaatsen wijzigen',
  EditBranches: 'branches wijzigen',
  BlockStalls: 'plaatsen blokkeren',
  EditTariffs: 'tarieven, producten en btw wijzigen',
  EditVendors: 'ondernemers en vervangers wijzigen',
  EditRegistrations: 'sollicitaties en voorkeuren wijzigen',
  IssuePermit: 'dagvergunningen uitgeven',
  RunAllocation: 'de indeling draaien',
  OverrideAllocation: 'de indeling handmatig wijzigen',
  PublishAllocation: 'de indeling publiceren',
  ExportFinance: 'de financiële export maken',
};

const err = (code: string, message: string, fields: FieldError[] = []): AppError => ({ code, message, fields });

class Validator {
  fields: FieldError[] = [];
  fail(field: string, problem: FieldError['problem'], message: string) {
    this.fields.push({ field, problem, message });
  }
  check(field: string, ok: boolean, problem: FieldError['problem'], message: string) {
    if (!ok) this.fail(field, problem, message);
  }
  text(field: string, value: string, max: number) {
    if (!value.trim()) this.fail(field, 'required', 'verplicht veld');
    else if ([...value].length > max) this.fail(field, 'too_long', `te lang (hoogstens ${max} tekens)`);
  }
  optional(field: string, value: string, max: number) {
    if ([...value].length > max) this.fail(field, 'too_long', `te lang (hoogstens ${max} tekens)`);
  }
  range(field: string, value: number, min: number, max: number) {
    if (!Number.isInteger(value) || value < min || value > max) this.fail(field, 'out_of_range', `moet tussen ${min} en ${max} liggen`);
  }
  finish() {
    if (this.fields.length) {
      throw err('invalid', this.fields.map((f) => `${f.field}: ${f.message}`).join('; '), this.fields);
    }
  }
}

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function vendorName(v: { initials: string; infix: string; surname: string }): string {
  return [v.initials, v.infix, v.surname].filter(Boolean).join(' ');
}
function sortName(v: { initials: string; infix: string; surname: string }): string {
  return `${v.surname}, ${[v.initials, v.infix].filter(Boolean).join(' ')}`.replace(/, $/, '');
}
function dotted(n: string): string {
  return `${n.slice(0, 8)}.${n.slice(8)}`;
}
function parseRegistrationNumber(text: string): string | null {
  const t = text.trim();
  const parts = t.split('.');
  const digits = parts.length === 2 && parts[0].length === 8 && parts[1].length === 2 ? parts.join('') : parts.length === 1 ? t : '';
  return /^\d{10}$/.test(digits) ? digits : null;
}
/** What a clerk types as money: "2,46", "€ 1.234,56", "12". */
export function parseMoneyNl(text: string): number | null {
  let t = text.trim().replace(/^€\s*/, '');
  const neg = t.startsWith('-');
  if (neg) t = t.slice(1);
  const m = /^(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const cents = Number(m[1].replace(/\./g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return neg ? -cents : cents;
}
function parsePercent(text: string): number | null {
  const m = /^(\d{1,2})(?:,(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
function isDay(s: string | null | undefined): s is string {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s + 'T00:00:00Z'));
}
function weekdayOf(day: string): string {
  return ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'][new Date(day + 'T00:00:00Z').getUTCDay()];
}
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'nl', { numeric: true, sensitivity: 'base' });
}
// Like the IPC: plain JSON in, plain JSON out (also unwraps the UI's reactive proxies).
const clone = <T>(x: T): T => (x === undefined ? x : JSON.parse(JSON.stringify(x)));

export function createMockBackend(options: MockOptions = {}): Backend {
  const today = options.today ?? data.TODAY;
  let startupState: Startup['state'] = options.startup ?? 'ready';
  let session: (Session & { id: number }) | null = null;
  let nextId = 10_000;
  const newId = () => nextId++;

  const accounts = data.accounts();
  const branches = data.branches();
  const markets: Omit<Market, 'stallCount'>[] = data.markets();
  const rows: MockRow[] = [];
  const stalls = new Map<number, MockStall>();
  const obstacles: Obstacle[] = [];
  const blocked = new Map<string, string>(); // `${stallId}|${day}` -> reason
  const rules = new Map<string, MarketBranchRule>(); // `${marketId}|${branchId}`
  const vendors = data.vendors(options.vendorCount ?? 1500);
  const registrations: MockRegistration[] = [];
  const substitutes: MockSubstitute[] = [];
  let vatRates: VatRate[] = clone(data.VAT_RATES);
  const kinds: TariffKind[] = data.tariffKinds();
  const products: Product[] = data.products();
  const plans: TariffPlan[] = data.tariffPlans();

  // Layouts: rows of stalls, a few reserved for branches, obstacles and blocked stalls.
  const r = data.rng(7);
  let stallId = 1;
  let rowId = 1;
  for (const m of markets) {
    for (const [name, count, circular] of data.ROWS[m.id]) {
      const row: MockRow = { id: rowId++, marketId: m.id, name, circular, stallIds: [] };
      rows.push(row);
      for (let i = 0; i < count; i++) {
        const n = rows.filter((x) => x.marketId === m.id).reduce((s, x) => s + x.stallIds.length, 0) + 1;
        const s: MockStall = {
          id: stallId++,
          rowId: row.id,
          number: String(n),
          lengthM: m.stallSizeM,
          cooking: r() < 0.08 ? 'bak' : r() < 0.05 ? 'bak-licht' : 'geen',
          evi: r() < 0.06,
          active: true,
          properties: r() < 0.35 ? ['elektra'] : [],
          branchIds: r() < 0.45 ? [1 + Math.floor(r() * branches.length)] : [],
        };
        stalls.set(s.id, s);
        row.stallIds.push(s.id);
      }
      for (let i = 5; i < row.stallIds.length - 1; i += 7) {
        obstacles.push({ id: newId(), beforeStallId: row.stallIds[i], afterStallId: row.stallIds[i + 1], kind: i % 2 ? 'boom' : 'loopje' });
      }
    }
  }
  blocked.set(`3|${today}`, 'rioleringswerk');
  blocked.set(`4|${today}`, 'rioleringswerk');
  blocked.set(`30|${today}`, 'evenement op het plein');
  // The next AC day after the mock's Saturday: Monday, with a stall out of use.
  const monday = new Date(Date.parse(today + 'T00:00:00Z') + 2 * 86_400_000).toISOString().slice(0, 10);
  blocked.set(`50|${monday}`, 'kraam defect');
  rules.set('1|1', { branchId: 1, maxStalls: 12, mandatory: true });
  rules.set('1|7', { branchId: 7, maxStalls: 4, mandatory: false });

  // Registrations: 120 on AC (the first 40 hold stalls), 60 on DAP, a few substitutes.
  const statuses = ['vpl', 'vpl', 'tvpl', 'eb', 'vkk', 'exp', 'soll', 'soll'];
  const acStalls = rows.filter((x) => x.marketId === 1).flatMap((x) => x.stallIds);
  for (let i = 0; i < 120; i++) {
    const holder = i < 40;
    registrations.push({
      id: newId(),
      vendorId: i + 1,
      marketId: 1,
      listNumber: i + 1,
      status: holder ? 'vpl' : statuses[i % statuses.length],
      registeredOn: `20${String(5 + (i % 20)).padStart(2, '0')}-0${1 + (i % 9)}-15`,
      voided: false,
      voidReason: null,
      stallIds: holder ? [acStalls[i]] : [],
      products: holder ? [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 1 }] : [],
    });
  }
  for (let i = 0; i < 60; i++) {
    registrations.push({
      id: newId(),
      vendorId: i * 3 + 2,
      marketId: 2,
      listNumber: i + 1,
      status: i < 15 ? 'vpl' : 'soll',
      registeredOn: '2015-03-01',
      voided: false,
      voidReason: null,
      stallIds: [],
      products: [],
    });
  }
  substitutes.push({ id: newId(), vendorId: 1, substituteId: 301, validFrom: '2026-01-01', validUntil: null });
  substitutes.push({ id: newId(), vendorId: 2, substituteId: 302, validFrom: '2025-05-01', validUntil: '2026-05-01' });

  // ── helpers ────────────────────────────────────────────────────────────────────────
  function actor(action?: string): Session {
    if (!session) throw err('not_logged_in', 'log eerst in');
    if (action && !session.permissions.includes(action)) {
      throw err('forbidden', `de rol ‘${ROLE_NL[session.role]}’ mag dit niet: ${ACTION_NL[action] ?? action}`);
    }
    return session;
  }
  function market(id: number) {
    const m = markets.find((x) => x.id === id);
    if (!m) throw err('not_found', `markt niet gevonden: ${id}`);
    return m;
  }
  function vendor(id: number) {
    const v = vendors.find((x) => x.id === id);
    if (!v) throw err('not_found', `ondernemer niet gevonden: ${id}`);
    return v;
  }
  function withCount(m: Omit<Market, 'stallCount'>): Market {
    const count = rows.filter((x) => x.marketId === m.id).reduce((s, x) => s + x.stallIds.length, 0);
    return { ...clone(m), stallCount: count };
  }
  function holderOf(stall: number) {
    const reg = registrations.find((x) => !x.voided && x.stallIds.includes(stall));
    if (!reg) return null;
    const v = vendor(reg.vendorId);
    return { vendorId: v.id, name: vendorName(v), status: reg.status };
  }
  function vendorRow(v: data.MockVendor): VendorRow {
    return {
      id: v.id,
      registrationNumber: dotted(v.registrationNumber),
      name: vendorName(v),
      sortName: sortName(v),
      status: v.status,
      enforcement: !!v.enforcementUntil && v.enforcementUntil >= today,
    };
  }
  function substituteView(s: MockSubstitute, other: number): Substitute {
    const v = vendor(other);
    return {
      id: s.id,
      substituteId: other, // the person this row names
      name: vendorName(v),
      registrationNumber: dotted(v.registrationNumber),
      validFrom: s.validFrom,
      validUntil: s.validUntil,
    };
  }
  function registrationView(x: MockRegistration): Registration {
    const m = market(x.marketId);
    return {
      id: x.id,
      marketId: m.id,
      marketCode: m.code,
      marketName: m.name,
      listNumber: x.listNumber,
      status: x.status,
      registeredOn: x.registeredOn,
      voided: x.voided,
      voidReason: x.voidReason,
      stallIds: [...x.stallIds],
      stallNumbers: x.stallIds.map((s) => stalls.get(s)?.number ?? '?'),
      products: x.products.map((p) => {
        const prod = products.find((q) => q.id === p.productId)!;
        return { productId: p.productId, key: prod.key, label: prod.label, quantity: p.quantity };
      }),
    };
  }
  function validateMarket(input: MarketInput, id: number | null) {
    const v = new Validator();
    v.text('code', input.code, 10);
    v.check('code', !input.code || /^[A-Z][A-Z0-9]*$/.test(input.code), 'format', 'hoofdletters en cijfers, beginnend met een letter (bijv. AC)');
    v.text('name', input.name, 80);
    v.check('kind', ['dag', 'week', 'seizoen'].includes(input.kind), 'unknown', `onbekende marktsoort: ‘${input.kind}’ (geldig: dag, week, seizoen)`);
    v.check('weekdays', input.weekdays.length > 0, 'required', 'kies minstens één marktdag');
    v.check('stall_size_m', input.stallSizeM === 3 || input.stallSizeM === 4, 'out_of_range', 'standaardkraam is 3 of 4 meter');
    v.range('max_stalls_per_vendor', input.maxStallsPerVendor, 1, 20);
    v.range('sample_size', input.sampleSize, 0, 500);
    const md = (s: string | null) => !!s && /^\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`2024-${s}T00:00:00Z`));
    const hasSeason = !!(input.seasonFrom || input.seasonUntil);
    if (input.kind === 'seizoen') {
      if (!hasSeason) v.fail('season', 'required', 'een seizoensmarkt heeft een seizoen');
      else {
        v.check('season.from', md(input.seasonFrom), 'format', 'datum als MM-DD, bijv. 04-01');
        v.check('season.until', md(input.seasonUntil), 'format', 'datum als MM-DD, bijv. 10-31');
      }
    } else if (hasSeason) v.fail('season', 'conflict', 'alleen een seizoensmarkt heeft een seizoen');
    v.finish();
    if (markets.some((m) => m.code === input.code && m.id !== id)) {
      throw err('invalid', `code: marktcode ${input.code} bestaat al`, [
        { field: 'code', problem: 'duplicate', message: `marktcode ${input.code} bestaat al` },
      ]);
    }
  }
  function validateStall(input: StallInput, id: number | null) {
    const v = new Validator();
    const n = input.number.trim();
    if (!n) v.fail('number', 'required', 'verplicht veld');
    else if ([...n].length > 10 || !/^[\p{L}\p{N}-]+$/u.test(n)) v.fail('number', 'format', 'letters, cijfers en streepjes, hoogstens 10 tekens');
    v.check('length_m', Number.isInteger(input.lengthM) && input.lengthM >= 1 && input.lengthM <= 20, 'out_of_range', 'moet tussen 1 en 20 liggen');
    v.check('cooking', ['geen', 'bak-licht', 'bak'].includes(input.cooking), 'unknown', 'onbekend kooktype');
    input.branchIds.forEach((b, i) => v.check(`branches[${i}]`, branches.some((x) => x.id === b), 'unknown', `onbekende branche ${b}`));
    v.finish();
    const row = rows.find((x) => x.id === input.rowId);
    if (!row) throw err('not_found', `rij niet gevonden: ${input.rowId}`);
    const marketStalls = rows.filter((x) => x.marketId === row.marketId).flatMap((x) => x.stallIds);
    if (marketStalls.some((s) => s !== id && stalls.get(s)!.number.toLowerCase() === n.toLowerCase())) {
      throw err('invalid', `number: plaats ${n} bestaat al op deze markt`, [
        { field: 'number', problem: 'duplicate', message: `plaats ${n} bestaat al op deze markt` },
      ]);
    }
    if (id !== null && stalls.get(id)!.rowId !== input.rowId) {
      throw err('invalid', 'row: een plaats verhuist niet naar een andere rij', [
        { field: 'row', problem: 'conflict', message: 'een plaats verhuist niet naar een andere rij' },
      ]);
    }
  }
  function vatBpOn(vat: string, day: string): number | null {
    const rate = vatRates.filter((x) => x.vat === vat && x.from <= day).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
    return rate ? parsePercent(rate.percent) : null;
  }

  const allocation = createMockAllocation({
    market,
    heldOn: (id, day) => heldOn(withCount(market(id)), day),
    rows: (marketId) => rows.filter((x) => x.marketId === marketId),
    stall: (id) => stalls.get(id),
    apart: (a, b) => obstacles.some((o) => (o.beforeStallId === a && o.afterStallId === b) || (o.beforeStallId === b && o.afterStallId === a)),
    blocked: (id, day) => blocked.has(`${id}|${day}`),
    registrations: (marketId) => registrations.filter((x) => x.marketId === marketId),
    vendor: (id) => {
      const v = vendor(id);
      return { id, name: vendorName(v), registrationNumber: dotted(v.registrationNumber), active: v.status === 'actief' };
    },
    rules: (marketId) => [...rules.entries()].filter(([k]) => k.startsWith(`${marketId}|`)).map(([, r]) => r),
    branchCode: (id) => branches.find((b) => b.id === id)?.code ?? String(id),
    actor: (action) => actor(action).displayName,
    now: () => new Date().toISOString(),
  });

  const delay = () => new Promise<void>((res) => setTimeout(res, 0));

  // The market morning (counter, permits, day view, day close, notes, attendance).
  const morning = createMorning({
    today,
    session: () => session,
    markets: () => markets.map(withCount),
    vendors,
    registrations,
    substitutes,
    products,
    stallNumber: (id) => stalls.get(id)?.number ?? '?',
    quote: (request) => api.quote({ request }),
    newId,
  });
  // Backups and the audit log; controls, the sample and tickets (their rows go to the log).
  const beheer = createBackups({
    today,
    session: () => session,
    logout: () => (session = null),
    accounts,
  });
  const inspections = createInspections({
    today,
    session: () => session,
    markets: () => markets.map(withCount),
    vendors,
    dayView: (marketId, day) => morning.dayView({ marketId, day }),
    getPermit: (id) => morning.getPermit({ id }),
    newId,
    audit: beheer.audit,
  });
  const { withControl, ticketNumber, ...inspectionMethods } = inspections;
  const { audit: _audit, ...backupMethods } = beheer;

  /** What the core's `report::print` would make, without the PDF: its file name and size. */
  function printed(request: PrintRequest): Printed {
    actor();
    const names: Record<DocumentKind, string> = {
      'daily-list': 'dagelijkse-marktlijst',
      'permit-list': 'dagvergunningen',
      'day-close': 'kasopmaak',
      'week-list': 'weeklijst',
      'ab-list': 'a-b-lijst-weekend',
      barcodes: 'barcodelijst',
      receipt: 'kwitantie',
      ticket: 'bon',
    };
    const name = names[request.document];
    if (!name) {
      throw err('invalid', `document: onbekend document ‘${request.document}’`, [
        { field: 'document', problem: 'unknown', message: `onbekend document ‘${request.document}’` },
      ]);
    }
    let what: string;
    if (request.document === 'receipt' || request.document === 'ticket') {
      const id = request.document === 'receipt' ? (request.paymentId ?? request.permitId) : request.ticketId;
      if (id == null) throw err('invalid', 'kies wat u wilt afdrukken', [{ field: request.document === 'receipt' ? 'payment' : 'ticket', problem: 'required', message: 'verplicht veld' }]);
      // The core names a ticket's letter after its number (report::file_name).
      what = request.document === 'ticket' ? ticketNumber(id) : String(id);
    } else {
      const v = new Validator();
      v.check('market', request.marketId != null, 'required', 'kies een markt');
      v.check('day', !!request.day, 'required', 'kies een dag');
      v.finish();
      const m = markets.find((x) => x.id === request.marketId);
      if (!m) throw err('not_found', `markt niet gevonden: ${request.marketId}`);
      if (request.document === 'ab-list' && !m.abLists) throw err('conflict', `${m.name} werkt niet met A/B-lijsten`);
      what = `${m.code}-${request.day}`;
    }
    const fileName = `${name}-${what}.pdf`;
    const stalls = request.document === 'daily-list' ? rows.filter((x) => x.marketId === request.marketId).reduce((n, x) => n + x.stallIds.length, 0) : 0;
    return { fileName, path: `/home/marktbureau/.cache/nl.gemeente.marktkantoor/afdrukken/${fileName}`, pages: Math.max(1, Math.ceil(stalls / 45)), job: null };
  }

  // Rapporten: finance batches, list exports, imports, reports, progress.
  const reports = createReports({
    today,
    actor,
    markets: () => markets.map(withCount),
    heldOn: (m, day) => heldOn(m, day),
    vendors,
    registrations: () => registrations,
    saveVendor: (args) => api.saveVendor(args),
    stepMs: options.jobStepMs,
  });

  const api: Backend = {
    ...morning,
    ...reports,
    ...inspectionMethods,
    ...backupMethods,
    // The day view and a permit carry the latest control, as the core's do.
    async dayView(args) {
      const v = await morning.dayView(args);
      return { ...v, permits: v.permits.map(withControl) };
    },
    async getPermit(args) {
      const d = await morning.getPermit(args);
      return { ...d, permit: withControl(d.permit) };
    },
    async startup() {
      await delay();
      if (startupState === 'error') {
        return {
          state: 'error',
          dbPath: '/home/marktbureau/.local/share/Marktkantoor/marktkantoor.sqlite',
          error: err(
            'schema_too_new',
            'de database heeft schemaversie 3, maar dit programma kent alleen versies tot en met 1: werk Marktkantoor bij; het bestand is niet aangeraakt',
          ),
        };
      }
      return { state: startupState, dbPath: '/home/marktbureau/.local/share/Marktkantoor/marktkantoor.sqlite', error: null };
    },
    async createDatabase({ kind, admin }) {
      await delay();
      if (startupState !== 'needs_setup') throw err('conflict', 'de database bestaat al');
      if (kind === 'empty') {
        const v = new Validator();
        v.text('username', admin?.username ?? '', 40);
        v.text('display_name', admin?.displayName ?? '', 80);
        v.check('password', (admin?.password ?? '').length >= 10, 'too_long', 'een wachtwoord heeft minstens 10 tekens');
        v.finish();
        accounts.splice(0, accounts.length, {
          id: 1,
          username: admin!.username.trim(),
          displayName: admin!.displayName.trim(),
          role: 'admin',
          password: admin!.password,
          active: true,
          locked: false,
          failed: 0,
        });
      }
      startupState = 'ready';
      return api.startup();
    },
    async login({ username, password }) {
      await delay();
      const a = accounts.find((x) => x.username === username.trim() && x.active);
      if (a?.locked) throw err('account_locked', 'dit account is geblokkeerd: vraag een beheerder of senior medewerker om het te deblokkeren');
      if (!a || a.password !== password) {
        if (a && ++a.failed >= 9) a.locked = true;
        throw err('login_failed', 'onbekende gebruikersnaam of onjuist wachtwoord');
      }
      a.failed = 0;
      session = { id: a.id, username: a.username, displayName: a.displayName, role: a.role, permissions: permissionsOf(a.role) };
      const { id: _, ...s } = session;
      return clone(s);
    },
    async logout() {
      session = null;
    },
    async session() {
      if (!session) return null;
      const { id: _, ...s } = session;
      return clone(s);
    },
    async codes() {
      return clone(data.CODES);
    },
    async today() {
      return today;
    },
    async now() {
      // 08:30 in Amsterdam on the mock's today (a winter day: UTC+1).
      return new Date(`${today}T08:30:00+01:00`).toISOString();
    },

    async listMarkets() {
      actor();
      return markets.map(withCount);
    },
    async saveMarket({ id, input }) {
      actor('EditMarkets');
      validateMarket(input, id);
      const fields = {
        code: input.code,
        name: input.name.trim(),
        kind: input.kind,
        weekdays: [...input.weekdays],
        seasonFrom: input.seasonFrom,
        seasonUntil: input.seasonUntil,
        stallSizeM: input.stallSizeM,
        maxStallsPerVendor: input.maxStallsPerVendor,
        sampleSize: input.sampleSize,
        abLists: input.abLists,
      };
      if (id === null) {
        const nid = newId();
        markets.push({ id: nid, ended: false, ...fields });
        return nid;
      }
      Object.assign(market(id), fields);
      return id;
    },
    async setMarketEnded({ id, ended }) {
      actor('EditMarkets');
      market(id).ended = ended;
    },
    async marketLayout({ id, day }) {
      actor();
      const m = market(id);
      const layout: Layout = {
        market: withCount(m),
        day,
        rows: rows
          .filter((x) => x.marketId === id)
          .map((row) => ({
            id: row.id,
            name: row.name,
            circular: row.circular,
            stalls: row.stallIds.map((s) => {
              const st = stalls.get(s)!;
              return { ...clone(st), blockedReason: blocked.get(`${s}|${day}`) ?? null, holder: holderOf(s) };
            }),
            obstacles: obstacles.filter((o) => row.stallIds.includes(o.beforeStallId)).map(clone),
          })),
      };
      return layout;
    },
    async addRow({ marketId, name, circular }) {
      actor('EditMarkets');
      market(marketId);
      const v = new Validator();
      v.text('name', name, 40);
      v.finish();
      if (rows.some((x) => x.marketId === marketId && x.name.toLowerCase() === name.trim().toLowerCase())) {
        throw err('invalid', 'name: deze markt heeft al een rij met die naam', [
          { field: 'name', problem: 'duplicate', message: 'deze markt heeft al een rij met die naam' },
        ]);
      }
      const id = newId();
      rows.push({ id, marketId, name: name.trim(), circular, stallIds: [] });
      return id;
    },
    async updateRow({ id, name, circular }) {
      actor('EditMarkets');
      const row = rows.find((x) => x.id === id);
      if (!row) throw err('not_found', `rij niet gevonden: ${id}`);
      const v = new Validator();
      v.text('name', name, 40);
      v.finish();
      row.name = name.trim();
      row.circular = circular;
    },
    async saveStall({ id, input }) {
      actor('EditMarkets');
      validateStall(input, id);
      const fields = { ...clone(input), number: input.number.trim() };
      if (id === null) {
        const nid = newId();
        stalls.set(nid, { id: nid, ...fields });
        rows.find((x) => x.id === input.rowId)!.stallIds.push(nid);
        return nid;
      }
      const s = stalls.get(id);
      if (!s) throw err('not_found', `plaats niet gevonden: ${id}`);
      Object.assign(s, fields);
      return id;
    },
    async addObstacle({ beforeStallId, afterStallId, kind }) {
      actor('EditMarkets');
      const row = rows.find((x) => x.stallIds.includes(beforeStallId));
      const i = row ? row.stallIds.indexOf(beforeStallId) : -1;
      if (!row || row.stallIds[i + 1] !== afterStallId) {
        throw err('invalid', 'after: een obstakel staat tussen twee buren in dezelfde rij', [
          { field: 'after', problem: 'conflict', message: 'een obstakel staat tussen twee buren in dezelfde rij' },
        ]);
      }
      if (obstacles.some((o) => o.beforeStallId === beforeStallId && o.afterStallId === afterStallId)) {
        throw err('conflict', 'tussen deze plaatsen staat al een obstakel');
      }
      const id = newId();
      obstacles.push({ id, beforeStallId, afterStallId, kind });
      return id;
    },
    async removeObstacle({ id }) {
      actor('EditMarkets');
      const i = obstacles.findIndex((o) => o.id === id);
      if (i < 0) throw err('not_found', `obstakel niet gevonden: ${id}`);
      obstacles.splice(i, 1);
    },
    async blockStall({ stallId, day, reason }) {
      actor('BlockStalls');
      const v = new Validator();
      v.check('day', isDay(day), 'format', 'datum als JJJJ-MM-DD');
      v.text('reason', reason, 200);
      v.finish();
      if (blocked.has(`${stallId}|${day}`)) {
        throw err('invalid', 'day: deze plaats is die dag al geblokkeerd', [
          { field: 'day', problem: 'duplicate', message: 'deze plaats is die dag al geblokkeerd' },
        ]);
      }
      blocked.set(`${stallId}|${day}`, reason.trim());
    },
    async unblockStall({ stallId, day }) {
      actor('BlockStalls');
      blocked.delete(`${stallId}|${day}`);
    },
    async marketBranchRules({ marketId }) {
      actor();
      return [...rules.entries()].filter(([k]) => k.startsWith(`${marketId}|`)).map(([, v]) => clone(v));
    },
    async setMarketBranchRule({ marketId, branchId, rule }) {
      actor('EditMarkets');
      if (rule === null) {
        rules.delete(`${marketId}|${branchId}`);
        return;
      }
      const v = new Validator();
      if (rule.maxStalls !== null) v.range('max_stalls', rule.maxStalls, 0, 1000);
      v.finish();
      rules.set(`${marketId}|${branchId}`, { branchId, ...rule });
    },

    async listBranches() {
      actor();
      return clone(branches);
    },
    async saveBranch({ id, input }) {
      actor('EditBranches');
      const v = new Validator();
      v.text('code', input.code, 20);
      v.text('name', input.name, 80);
      const colour = input.colour.trim().toLowerCase();
      v.check('colour', /^#[0-9a-f]{6}$/.test(colour), 'format', 'kleur als #rrggbb, bijv. #2e7d32');
      v.finish();
      if (branches.some((b) => b.code === input.code.trim() && b.id !== id)) {
        throw err('invalid', `code: branche ${input.code.trim()} bestaat al`, [
          { field: 'code', problem: 'duplicate', message: `branche ${input.code.trim()} bestaat al` },
        ]);
      }
      const fields: Omit<Branch, 'id'> = { code: input.code.trim(), name: input.name.trim(), colour };
      if (id === null) {
        const nid = newId();
        branches.push({ id: nid, ...fields });
        return nid;
      }
      const b = branches.find((x) => x.id === id);
      if (!b) throw err('not_found', `branche niet gevonden: ${id}`);
      Object.assign(b, fields);
      return id;
    },

    async searchVendors({ query, offset, limit }) {
      actor();
      const terms = fold(query).split(/\s+/).filter(Boolean);
      const hits = vendors
        .map((v) => ({ v, hay: fold(`${v.surname} ${v.infix} ${v.initials} ${v.registrationNumber} ${dotted(v.registrationNumber)}`) }))
        .filter(({ hay }) => terms.every((t) => hay.includes(t)))
        .map(({ v }) => vendorRow(v))
        .sort((a, b) => a.sortName.localeCompare(b.sortName, 'nl') || a.id - b.id);
      return { items: hits.slice(offset, offset + limit), total: hits.length };
    },
    async getVendor({ id }) {
      actor();
      const v = vendor(id);
      return {
        vendor: { ...clone(v), registrationNumber: dotted(v.registrationNumber), name: vendorName(v) },
        registrations: registrations.filter((x) => x.vendorId === id).map(registrationView),
        substitutes: substitutes.filter((s) => s.vendorId === id).map((s) => substituteView(s, s.substituteId)),
        substituteFor: substitutes.filter((s) => s.substituteId === id).map((s) => substituteView(s, s.vendorId)),
      };
    },
    async saveVendor({ id, input }) {
      actor('EditVendors');
      const v = new Validator();
      const number = parseRegistrationNumber(input.registrationNumber);
      v.check('registration_number', number !== null, 'format', 'een erkenningsnummer heeft 10 cijfers, bijv. 19570810.02');
      v.text('surname', input.surname, 80);
      v.optional('initials', input.initials, 20);
      v.optional('infix', input.infix, 20);
      v.optional('email', input.email, 120);
      const e = input.email.trim();
      v.check('email', !e || (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)), 'format', 'geen geldig e-mailadres');
      v.optional('phone', input.phone, 30);
      v.check('phone', /^[\d +\-()]*$/.test(input.phone), 'format', 'alleen cijfers, spaties en + - ( )');
      v.optional('pass_id', input.passId, 40);
      v.check('status', ['actief', 'wachtend', 'alleen_vervanger', 'verwijderd'].includes(input.status), 'required', 'kies een status');
      v.check('enforcement_until', input.enforcementUntil === null || isDay(input.enforcementUntil), 'format', 'datum als JJJJ-MM-DD');
      v.finish();
      const other = vendors.find((x) => x.registrationNumber === number && x.id !== id);
      if (other) {
        const message = `erkenningsnummer ${dotted(number!)} is al van ${vendorName(other)}`;
        throw err('invalid', message, [{ field: 'registration_number', problem: 'duplicate', message }]);
      }
      const fields = {
        registrationNumber: number!,
        initials: input.initials.trim(),
        infix: input.infix.trim(),
        surname: input.surname.trim(),
        email: e,
        phone: input.phone.trim(),
        passId: input.passId.trim(),
        status: input.status,
        enforcementUntil: input.enforcementUntil,
      };
      if (id === null) {
        const nid = newId();
        vendors.push({ id: nid, ...fields });
        return nid;
      }
      Object.assign(vendor(id), fields);
      return id;
    },
    async addSubstitute({ vendorId, substitute, from, until }) {
      actor('EditVendors');
      vendor(vendorId);
      const number = parseRegistrationNumber(substitute);
      const v = new Validator();
      v.check('substitute', number !== null, 'format', 'een erkenningsnummer heeft 10 cijfers, bijv. 19570810.02');
      v.check('valid_from', isDay(from), 'format', 'datum als JJJJ-MM-DD');
      v.check('valid_until', until === null || isDay(until), 'format', 'datum als JJJJ-MM-DD');
      v.finish();
      const sub = vendors.find((x) => x.registrationNumber === number);
      if (!sub) throw err('invalid', 'substitute: onbekend erkenningsnummer', [{ field: 'substitute', problem: 'unknown', message: `geen ondernemer met erkenningsnummer ${substitute.trim()}` }]);
      const v2 = new Validator();
      v2.check('substitute', sub.id !== vendorId, 'conflict', 'een ondernemer kan niet zijn eigen vervanger zijn');
      v2.check('valid_until', until === null || until >= from, 'out_of_range', 'einddatum ligt voor de begindatum');
      v2.check('substitute', !substitutes.some((s) => s.vendorId === vendorId && s.substituteId === sub.id && (!s.validUntil || s.validUntil >= today)), 'duplicate', `${vendorName(sub)} is al vervanger`);
      v2.finish();
      const id = newId();
      substitutes.push({ id, vendorId, substituteId: sub.id, validFrom: from, validUntil: until });
      return id;
    },
    async endSubstitute({ id, until }) {
      actor('EditVendors');
      const s = substitutes.find((x) => x.id === id);
      if (!s) throw err('not_found', `vervanger niet gevonden: ${id}`);
      const v = new Validator();
      v.check('valid_until', isDay(until), 'format', 'datum als JJJJ-MM-DD');
      v.check('valid_until', !isDay(until) || until >= s.validFrom, 'out_of_range', 'einddatum ligt voor de begindatum');
      v.finish();
      s.validUntil = until;
    },
    async saveRegistration({ id, input }) {
      actor('EditRegistrations');
      vendor(input.vendorId);
      market(input.marketId);
      const v = new Validator();
      v.range('list_number', input.listNumber, 1, 99999);
      v.check('status', data.CODES.registrationStatuses.some((c) => c.code === input.status), 'required', 'kies een status');
      v.check('registered_on', isDay(input.registeredOn), 'format', 'datum als JJJJ-MM-DD');
      const marketStalls = rows.filter((x) => x.marketId === input.marketId).flatMap((x) => x.stallIds);
      input.stallIds.forEach((s, i) => {
        v.check(`stalls[${i}]`, marketStalls.includes(s), 'unknown', 'deze plaats hoort niet bij deze markt');
        const other = registrations.find((x) => x.id !== id && !x.voided && x.stallIds.includes(s));
        if (other) v.fail(`stalls[${i}]`, 'conflict', `plaats ${stalls.get(s)?.number} is al van ${vendorName(vendor(other.vendorId))}`);
      });
      input.products.forEach((p, i) => v.range(`products[${i}].quantity`, p.quantity, 0, 20));
      if (registrations.some((x) => x.id !== id && !x.voided && x.marketId === input.marketId && x.listNumber === input.listNumber)) {
        v.fail('list_number', 'duplicate', `sollicitatienummer ${input.listNumber} is op deze markt al in gebruik`);
      }
      if (id === null && registrations.some((x) => !x.voided && x.vendorId === input.vendorId && x.marketId === input.marketId)) {
        v.fail('market', 'duplicate', 'deze ondernemer heeft al een sollicitatie op deze markt');
      }
      v.finish();
      const fields = {
        vendorId: input.vendorId,
        marketId: input.marketId,
        listNumber: input.listNumber,
        status: input.status,
        registeredOn: input.registeredOn,
        stallIds: [...input.stallIds],
        products: input.products.filter((p) => p.quantity > 0).map((p) => ({ ...p })),
      };
      if (id === null) {
        const nid = newId();
        registrations.push({ id: nid, voided: false, voidReason: null, ...fields });
        return nid;
      }
      const reg = registrations.find((x) => x.id === id);
      if (!reg) throw err('not_found', `sollicitatie niet gevonden: ${id}`);
      if (reg.voided) throw err('conflict', 'deze sollicitatie is doorgehaald');
      Object.assign(reg, fields);
      return id;
    },
    async voidRegistration({ id, reason }) {
      actor('EditRegistrations');
      const reg = registrations.find((x) => x.id === id);
      if (!reg) throw err('not_found', `sollicitatie niet gevonden: ${id}`);
      const v = new Validator();
      v.text('reason', reason, 200);
      v.finish();
      if (reg.voided) throw err('conflict', 'deze sollicitatie is al doorgehaald');
      reg.voided = true;
      reg.voidReason = reason.trim();
      reg.stallIds = [];
    },

    async vatRates() {
      actor();
      return clone(vatRates);
    },
    async setVatRate({ vat, from, percent }) {
      actor('EditTariffs');
      const v = new Validator();
      v.check('vat', ['hoog', 'laag', 'nul'].includes(vat), 'unknown', 'onbekende btw-soort');
      v.check('from', isDay(from), 'format', 'datum als JJJJ-MM-DD');
      v.check('percent', parsePercent(percent) !== null, 'format', 'een percentage als 21 of 6,5');
      v.finish();
      vatRates = vatRates.filter((x) => !(x.vat === vat && x.from === from));
      vatRates.push({ vat, from, percent: percent.trim() });
      vatRates.sort((a, b) => (a.vat === b.vat ? (a.from < b.from ? -1 : 1) : a.vat < b.vat ? -1 : 1));
    },
    async tariffKinds() {
      actor();
      return clone(kinds);
    },
    async saveTariffKind({ id, input }) {
      actor('EditTariffs');
      const v = new Validator();
      v.text('code', input.code, 30);
      v.text('invoice_label', input.invoiceLabel, 80);
      v.check('unit', data.CODES.tariffUnits.some((c) => c.code === input.unit), 'required', 'kies een eenheid');
      v.check('vat', ['hoog', 'laag', 'nul'].includes(input.vat), 'required', 'kies een btw-soort');
      v.optional('ledger_code', input.ledgerCode, 20);
      v.optional('vat_code', input.vatCode, 20);
      if (kinds.some((k) => k.code === input.code.trim() && k.id !== id)) v.fail('code', 'duplicate', `tariefsoort ${input.code.trim()} bestaat al`);
      v.finish();
      const fields = { ...clone(input), code: input.code.trim(), invoiceLabel: input.invoiceLabel.trim() };
      if (id === null) {
        const nid = newId();
        kinds.push({ id: nid, ...fields });
        return nid;
      }
      Object.assign(kinds.find((k) => k.id === id)!, fields);
      return id;
    },
    async products() {
      actor();
      return clone(products).sort((a, b) => a.position - b.position);
    },
    async saveProduct({ id, input }) {
      actor('EditTariffs');
      const v = new Validator();
      v.text('key', input.key, 30);
      v.check('key', !input.key || /^[a-z0-9_]+$/.test(input.key), 'format', 'kleine letters, cijfers en _');
      v.text('label', input.label, 80);
      v.check('unit', data.CODES.productUnits.some((c) => c.code === input.unit), 'required', 'kies een eenheid');
      v.range('factor', input.factor, 1, 100);
      const needsKind = input.unit === 'item' || input.unit === 'once';
      v.check('kind', !needsKind || input.kindId !== null, 'required', 'een product per stuk of eenmalig heeft een tariefsoort');
      v.check('always', !input.always || input.unit === 'once', 'conflict', 'alleen een eenmalig product kan altijd gelden');
      if (products.some((p) => p.key === input.key && p.id !== id)) v.fail('key', 'duplicate', `product ${input.key} bestaat al`);
      v.finish();
      if (id === null) {
        const nid = newId();
        products.push({ id: nid, ...clone(input) });
        return nid;
      }
      Object.assign(products.find((p) => p.id === id)!, clone(input));
      return id;
    },
    async tariffPlans({ marketId }) {
      actor();
      return clone(plans.filter((p) => p.marketId === marketId));
    },
    async saveTariffPlan({ id, input }) {
      actor('EditTariffs');
      const v = new Validator();
      v.text('name', input.name, 80);
      v.check('from', isDay(input.from), 'format', 'datum als JJJJ-MM-DD');
      v.check('until', input.until === null || isDay(input.until), 'format', 'datum als JJJJ-MM-DD');
      if (isDay(input.from) && isDay(input.until)) v.check('until', input.until >= input.from, 'out_of_range', 'einddatum ligt voor de begindatum');
      v.check('weekdays', input.weekdays === null || input.weekdays.length > 0, 'required', 'kies minstens één dag, of maak er een standaardplan van');
      const rates: { kindId: number; rateCents: number }[] = [];
      input.rates.forEach((rate, i) => {
        if (!rate.rate.trim()) return;
        const cents = parseMoneyNl(rate.rate);
        if (cents === null) v.fail(`rates[${i}]`, 'format', `geen bedrag: ‘${rate.rate}’ (bijv. 2,46)`);
        else if (cents < 0) v.fail(`rates[${i}]`, 'out_of_range', 'een tarief is niet negatief');
        else rates.push({ kindId: rate.kindId, rateCents: cents });
      });
      v.finish();
      const fields = {
        marketId: input.marketId,
        name: input.name.trim(),
        from: input.from,
        until: input.until,
        weekdays: input.weekdays ? [...input.weekdays] : null,
        ignoreFixed: input.ignoreFixed,
        rates,
      };
      if (id === null) {
        const nid = newId();
        plans.push({ id: nid, ...fields });
        return nid;
      }
      Object.assign(plans.find((p) => p.id === id)!, fields);
      return id;
    },
    async quote({ request }) {
      actor();
      const m = market(request.marketId);
      const v = new Validator();
      v.check('day', isDay(request.day), 'format', 'datum als JJJJ-MM-DD');
      v.check('status', data.CODES.permitStatuses.some((c) => c.code === request.status), 'unknown', 'onbekende status');
      for (const [k, n] of [...Object.entries(request.fixed), ...Object.entries(request.requested)]) {
        v.check(`products.${k}`, Number.isInteger(n) && n >= 0 && n <= 99, 'out_of_range', 'moet tussen 0 en 99 liggen');
      }
      v.finish();
      const wd = weekdayOf(request.day);
      const covers = (p: TariffPlan) => p.marketId === m.id && p.from <= request.day && (!p.until || p.until >= request.day);
      const latest = (xs: TariffPlan[]) => xs.sort((a, b) => (a.from < b.from ? 1 : -1))[0];
      const plan =
        latest(plans.filter((p) => covers(p) && p.weekdays?.includes(wd))) ?? latest(plans.filter((p) => covers(p) && !p.weekdays));
      if (!plan) throw err('no_tariff_plan', `geen tariefplan voor ${m.name} op ${request.day}`);
      const feeKinds: FeeKind[] = [];
      for (const k of kinds) {
        const bp = vatBpOn(k.vat, request.day);
        if (bp === null) throw err('no_vat_rate', `geen btw-tarief ‘${k.vat}’ op ${request.day}`);
        feeKinds.push({ id: k.id, label: k.invoiceLabel, unit: k.unit, vatBp: bp });
      }
      return computeQuote({
        plan: plan.name,
        ignoreFixed: plan.ignoreFixed,
        rates: new Map(plan.rates.map((x) => [x.kindId, x.rateCents])),
        kinds: feeKinds,
        products: products.map((p) => ({ key: p.key, unit: p.unit, factor: p.factor, kindId: p.kindId, always: p.always })),
        fixedStatus: request.status !== 'soll' && request.status !== 'lot',
        fixed: request.fixed,
        requested: request.requested,
      });
    },

    async previewDocument({ request }) {
      return printed(request);
    },
    async makeDocument({ request }) {
      return printed(request);
    },
    async printDocument({ request }) {
      const p = printed(request);
      if (!options.printer) {
        throw err(
          'no_printer',
          `Er is geen printer ingesteld: er is geen standaardprinter gekozen. Het document is bewaard in ${p.path}; open het met Voorbeeld en druk het daar af, of vraag de beheerder om een standaardprinter in te stellen.`,
        );
      }
      return { ...p, job: 'request id is Kantoor-1 (1 file(s))' };
    },

    async listAccounts() {
      const s = actor();
      if (!s.permissions.includes('ManageAccounts') && !s.permissions.includes('UnlockAccount')) actor('ManageAccounts');
      return accounts.map(({ password: _p, failed: _f, ...a }): Account => clone(a));
    },
    async createAccount({ input }) {
      actor('ManageAccounts');
      const v = new Validator();
      v.text('username', input.username, 40);
      v.check('username', !input.username || /^[a-z0-9._-]+$/.test(input.username.trim()), 'format', 'kleine letters, cijfers en . _ -');
      v.text('display_name', input.displayName, 80);
      v.check('role', ['admin', 'senior', 'supervisor', 'finance'].includes(input.role), 'required', 'kies een rol');
      v.check('password', input.password.length >= 10, 'too_long', 'een wachtwoord heeft minstens 10 tekens');
      if (accounts.some((a) => a.username === input.username.trim())) v.fail('username', 'duplicate', `gebruikersnaam ${input.username.trim()} bestaat al`);
      v.finish();
      const id = newId();
      accounts.push({ id, username: input.username.trim(), displayName: input.displayName.trim(), role: input.role, password: input.password, active: true, locked: false, failed: 0 });
      return id;
    },
    async unlockAccount({ id }) {
      actor('UnlockAccount');
      const a = accounts.find((x) => x.id === id);
      if (!a) throw err('not_found', `account niet gevonden: ${id}`);
      a.locked = false;
      a.failed = 0;
    },

    async allocationDay({ marketId, day, versionId }) {
      return allocation.day(marketId, day, versionId);
    },
    async runAllocation({ marketId, day }) {
      return allocation.run(marketId, day);
    },
    async overrideAllocation({ input }) {
      return allocation.override(input);
    },
    async publishAllocation({ id }) {
      return allocation.publish(id);
    },
  };

  // Every method answers asynchronously and rejects with an AppError, like `invoke`.
  const wrapped = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(api)) {
    wrapped[name] = async (...args: unknown[]) => {
      await delay();
      return clone(await (fn as (...a: unknown[]) => Promise<unknown>)(...args.map(clone)));
    };
  }
  return wrapped as unknown as Backend;
}
