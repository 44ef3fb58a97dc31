// The market morning in the mock backend: the counter, permits and their corrections, the
// day view, the day close, notes and attendance. It follows the core's rules
// (crates/markt/src/{counter,permit,day_close,day_view,note,attendance}.rs) closely enough
// for browser tests: the same warnings and Dutch messages, the override reason for a second
// permit that day, `lot` without a registration, the prefill, the fee engine's quote, the
// day close that locks the clerk, voids with their reversals, the day view's totals and the
// 15:00 attendance cut-off. The mock's clock starts at 08:30 on its "today".
import type { Backend } from './api';
import type {
  Absence,
  AppError,
  AttendanceRow,
  Counter,
  CounterWarning,
  DayClose,
  DayPermit,
  FieldError,
  Market,
  Note,
  Payment,
  PermitForm,
  Product,
  Quote,
  QuoteLine,
  QuoteRequest,
  Session,
} from './types';
import { CODES, type MockVendor } from './mock-data';
import { formatDate, formatDay, formatLongDay, weekdayCode } from '../format';
import { heldOn } from '../markets';

export type MorningMethods = Pick<
  Backend,
  | 'findVendor'
  | 'openCounter'
  | 'previewPermit'
  | 'issuePermit'
  | 'getPermit'
  | 'voidPermit'
  | 'reissuePermit'
  | 'reversePayment'
  | 'payOpenAmount'
  | 'dayView'
  | 'clerkDay'
  | 'closeDay'
  | 'addNote'
  | 'tickNote'
  | 'attendanceDay'
  | 'recordAttendance'
  | 'setPattern'
  | 'absences'
  | 'addAbsence'
>;

/** What the morning needs of the rest of the mock. */
export interface MorningContext {
  today: string;
  session: () => (Session & { id: number }) | null;
  markets: () => Market[];
  vendors: MockVendor[];
  registrations: {
    vendorId: number;
    marketId: number;
    listNumber: number;
    status: string;
    voided: boolean;
    stallIds: number[];
    products: { productId: number; quantity: number }[];
  }[];
  substitutes: { vendorId: number; substituteId: number; validFrom: string; validUntil: string | null }[];
  products: Product[];
  stallNumber: (id: number) => string;
  quote: (request: QuoteRequest) => Promise<Quote>;
  newId: () => number;
}

interface MPermit {
  id: number;
  marketId: number;
  day: string;
  vendorId: number;
  invoiceNumber: string;
  status: string;
  presence: string;
  substituteId: number | null;
  identifiedBy: string;
  stalls: string[];
  note: string;
  overrideReason: string | null;
  replacesId: number | null;
  issuedBy: number;
  issuedByName: string;
  issuedAt: string;
  voided: { reason: string; at: string } | null;
  lines: QuoteLine[];
  requested: Record<string, number>;
}
interface MPayment extends Payment {
  permitId: number;
  accountId: number;
}
interface MClose extends DayClose {
  marketId: number;
  day: string;
  accountId: number;
}
interface MNote extends Note {
  marketId: number;
  day: string;
}

const ROLE_NL: Record<string, string> = {
  admin: 'beheerder',
  senior: 'medewerker marktbureau',
  supervisor: 'markttoezichthouder',
  finance: 'financiën',
};
const ACTION_NL: Record<string, string> = {
  IssuePermit: 'dagvergunningen uitgeven',
  VoidPermit: 'dagvergunningen doorhalen',
  ReversePayment: 'betalingen terugboeken',
  CloseDay: 'de dag afsluiten',
  CorrectClosedDay: 'een afgesloten dag corrigeren',
  WriteNote: 'notities schrijven',
  RecordAttendance: 'aan- en afmeldingen vastleggen',
  ChangeAttendanceAfterCutoff: 'aanmeldingen na de sluitingstijd wijzigen',
};
const SUBSTITUTE_PRESENCES = ['vervanger_met_toestemming', 'vervanger_zonder_toestemming', 'vervanger_met_ontheffing'];
const METRE_UNITS = ['meters', 'meters_large', 'meters_small'];

const err = (code: string, message: string, fields: FieldError[] = []): AppError => ({ code, message, fields });
const invalid = (field: string, problem: FieldError['problem'], message: string): AppError =>
  err('invalid', `${field}: ${message}`, [{ field, problem, message }]);

function name(v: { initials: string; infix: string; surname: string }): string {
  return [v.initials, v.infix, v.surname].filter(Boolean).join(' ');
}
function dotted(n: string): string {
  return `${n.slice(0, 8)}.${n.slice(8)}`;
}
function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s + 'T00:00:00Z'));
}

/** The UTC instant of a wall-clock time in Amsterdam (CET or CEST). */
export function amsterdam(day: string, hour: number, minute = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' });
  for (const offset of [1, 2]) {
    const t = new Date(Date.UTC(y, m - 1, d, hour - offset, minute));
    if (Number(fmt.format(t)) === hour) return t;
  }
  return new Date(Date.UTC(y, m - 1, d, hour - 1, minute));
}

/** Sign-on for a market day closes at 15:00 the day before (time::attendance_cutoff). */
export function attendanceCutoff(day: string): Date {
  const prev = new Date(Date.parse(day + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);
  return amsterdam(prev, 15);
}

/** What a clerk types as money ("1.234,50"), as the core's Cents::parse_nl reads it. */
function parseMoney(text: string): number | AppError {
  let t = text.trim().replace(/^€\s*/, '');
  if (!t) return invalid('countedCash', 'format', 'geen bedrag');
  const neg = t.startsWith('-');
  if (neg) t = t.slice(1);
  const m = /^(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d+))?$/.exec(t);
  if (!m) return invalid('countedCash', 'format', `‘${text.trim()}’ is geen bedrag`);
  if ((m[2] ?? '').length > 2) return invalid('countedCash', 'format', `‘${text.trim()}’ heeft meer dan twee decimalen`);
  const cents = Number(m[1].replace(/\./g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return neg ? -cents : cents;
}

export function createMorning(ctx: MorningContext): MorningMethods {
  const { today } = ctx;
  const permits: MPermit[] = [];
  const payments: MPayment[] = [];
  const closes: MClose[] = [];
  const notes: MNote[] = [];
  const records = new Map<string, { attends: boolean; reason: string | null }>(); // vendor|market|day
  const patterns = new Map<string, string[]>(); // vendor|market
  const absenceList: (Absence & { vendorId: number; marketId: number })[] = [];
  const invoiceCounters = new Map<string, number>();
  // The mock's clock: 08:30 in Amsterdam on its today, a minute on per change.
  let clock = amsterdam(today, 8, 30).getTime();
  const now = () => new Date((clock += 60_000)).toISOString();
  const nowDate = () => new Date(clock);

  // A published allocation for AC today: the fixed holders on their stalls, twenty more
  // registered vendors on the next stalls; everyone else not allocated.
  const allocation = new Map<number, string[]>();
  const acRegs = ctx.registrations.filter((r) => r.marketId === 1 && !r.voided);
  for (const r of acRegs) {
    if (r.stallIds.length) allocation.set(r.vendorId, r.stallIds.map(ctx.stallNumber));
  }
  acRegs
    .filter((r) => !r.stallIds.length)
    .slice(0, 20)
    .forEach((r, i) => allocation.set(r.vendorId, [String(41 + i)]));

  function actor(action?: string): Session & { id: number } {
    const s = ctx.session();
    if (!s) throw err('not_logged_in', 'log eerst in');
    if (action && !s.permissions.includes(action)) {
      throw err('forbidden', `de rol ‘${ROLE_NL[s.role]}’ mag dit niet: ${ACTION_NL[action] ?? action}`);
    }
    return s;
  }
  function market(id: number): Market {
    const m = ctx.markets().find((x) => x.id === id);
    if (!m) throw err('not_found', `markt niet gevonden: ${id}`);
    return m;
  }
  function vendor(id: number): MockVendor {
    const v = ctx.vendors.find((x) => x.id === id);
    if (!v) throw err('not_found', `ondernemer niet gevonden: ${id}`);
    return v;
  }
  function permit(id: number): MPermit {
    const p = permits.find((x) => x.id === id);
    if (!p) throw err('not_found', `dagvergunning niet gevonden: ${id}`);
    return p;
  }
  const productKey = (id: number) => ctx.products.find((p) => p.id === id)?.key;
  const registrationOf = (vendorId: number, marketId: number) =>
    ctx.registrations.find((r) => r.vendorId === vendorId && r.marketId === marketId && !r.voided) ?? null;
  const closedBy = (marketId: number, day: string, account: number) =>
    closes.some((c) => c.marketId === marketId && c.day === day && c.accountId === account);
  const paymentsOf = (permitId: number) => payments.filter((p) => p.permitId === permitId);
  const isReversed = (paymentId: number) => payments.some((p) => p.reversesId === paymentId);
  const due = (p: MPermit) => p.lines.reduce((s, l) => s + l.inclCents, 0);

  function counter(marketId: number, day: string, vendorId: number): Counter {
    const m = market(marketId);
    const v = vendor(vendorId);
    const reg = registrationOf(vendorId, marketId);
    const status = reg?.status ?? 'lot';
    const fixed: Record<string, number> = {};
    for (const p of reg?.products ?? []) {
      const key = productKey(p.productId);
      if (key) fixed[key] = p.quantity;
    }
    const allocationState = marketId === 1 && day === today ? ('gepubliceerd' as const) : null;
    const allocated = allocationState ? (allocation.get(vendorId) ?? []) : [];
    const metreProducts = ctx.products.filter((p) => p.unit === 'meters');
    const standard = metreProducts.filter((p) => p.factor === m.stallSizeM).sort((a, b) => a.position - b.position || a.id - b.id)[0];
    const requested = { ...fixed };
    const fixedStalls = metreProducts.filter((p) => p.factor >= 2).reduce((s, p) => s + (fixed[p.key] ?? 0), 0);
    const wanted = allocated.length ? allocated.length : Math.max(fixedStalls, 1);
    if (standard && wanted > fixedStalls) requested[standard.key] = (requested[standard.key] ?? 0) + wanted - fixedStalls;

    const warnings: CounterWarning[] = [];
    const todays = permits.filter((p) => p.vendorId === vendorId && p.day === day && !p.voided);
    for (const p of todays) {
      const where = market(p.marketId).name;
      warnings.push({
        code: 'already_permit_today',
        message: `heeft vandaag al dagvergunning ${p.invoiceNumber} (${where}): een tweede vraagt een reden`,
        needsReason: true,
      });
    }
    if (!reg) warnings.push({ code: 'no_registration', message: 'geen sollicitatie op deze markt: status lot (standwerker)', needsReason: false });
    if (v.status === 'verwijderd') warnings.push({ code: 'removed', message: 'deze ondernemer is verwijderd', needsReason: false });
    else if (v.status !== 'actief') {
      const label = CODES.vendorStatuses.find((c) => c.code === v.status)?.nl ?? v.status;
      warnings.push({ code: 'not_active', message: `deze ondernemer heeft status ${label}`, needsReason: false });
    }
    if (v.enforcementUntil && v.enforcementUntil >= day) {
      warnings.push({ code: 'enforcement', message: `handhavingsverzoek tot en met ${formatDate(v.enforcementUntil)}`, needsReason: false });
    }
    if (allocationState && !allocated.length) warnings.push({ code: 'not_allocated', message: 'niet ingedeeld vandaag', needsReason: false });
    const subs = ctx.substitutes
      .filter((s) => s.vendorId === vendorId && s.validFrom <= day && (!s.validUntil || s.validUntil >= day))
      .map((s) => {
        const sv = vendor(s.substituteId);
        return { vendorId: sv.id, name: name(sv), registrationNumber: dotted(sv.registrationNumber) };
      });
    return {
      vendor: { ...v, registrationNumber: dotted(v.registrationNumber), name: name(v) },
      marketId,
      day,
      status,
      registration: reg ? { listNumber: reg.listNumber, status: reg.status, stallNumbers: reg.stallIds.map(ctx.stallNumber) } : null,
      fixed,
      allocated,
      allocationState,
      requested,
      today: todays.map((p) => ({
        id: p.id,
        invoiceNumber: p.invoiceNumber,
        marketCode: market(p.marketId).code,
        marketName: market(p.marketId).name,
        totalInclCents: due(p),
      })),
      substitutes: subs,
      warnings,
    };
  }

  function substituteWarning(form: PermitForm, c: Counter): CounterWarning | null {
    if (form.presence !== 'vervanger_met_toestemming' || form.substituteId === null) return null;
    if (c.substitutes.some((s) => s.vendorId === form.substituteId)) return null;
    const sv = ctx.vendors.find((x) => x.id === form.substituteId);
    return {
      code: 'substitute_not_registered',
      message: `${sv ? name(sv) : ''} staat niet als vervanger van deze ondernemer geregistreerd`,
      needsReason: false,
    };
  }

  /** The DTO's conversions: a bad code or day names its field. */
  function parseForm(form: PermitForm) {
    if (!isDay(form.day)) throw invalid('day', 'format', 'datum als JJJJ-MM-DD');
    if (!CODES.presences.some((c) => c.code === form.presence)) throw invalid('presence', 'unknown', `onbekende aanwezigheid: ‘${form.presence}’`);
    if (!['getypt', 'gezocht', 'gescand'].includes(form.identifiedBy)) throw invalid('identifiedBy', 'unknown', 'onbekende identificatie');
    if (!CODES.paymentMethods.some((c) => c.code === form.payment)) throw invalid('payment', 'unknown', `onbekende betaalwijze: ‘${form.payment}’`);
  }

  function validate(form: PermitForm) {
    const fields: FieldError[] = [];
    for (const [key, qty] of Object.entries(form.requested)) {
      if (!Number.isInteger(qty) || qty < 0 || qty > 100) fields.push({ field: `requested.${key}`, problem: 'out_of_range', message: 'moet tussen 0 en 100 liggen' });
    }
    if (form.substituteId !== null && !SUBSTITUTE_PRESENCES.includes(form.presence)) {
      fields.push({ field: 'substitute', problem: 'conflict', message: 'alleen bij een vervanger wordt een vervanger ingevuld' });
    }
    if (form.substituteId !== null && form.substituteId === form.vendorId) {
      fields.push({ field: 'substitute', problem: 'conflict', message: 'de ondernemer is niet zijn eigen vervanger' });
    }
    if ([...form.note].length > 500) fields.push({ field: 'note', problem: 'too_long', message: 'te lang (hoogstens 500 tekens)' });
    if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }

  async function priced(form: PermitForm, c: Counter): Promise<Quote> {
    const requested = Object.fromEntries(Object.entries(form.requested).filter(([, n]) => n > 0));
    return ctx.quote({ marketId: form.marketId, day: form.day, status: c.status, fixed: c.fixed, requested });
  }

  function reasonText(reason: string) {
    const r = reason.trim();
    if (!r) throw invalid('reason', 'required', 'verplicht veld');
    if ([...r].length > 200) throw invalid('reason', 'too_long', 'te lang (hoogstens 200 tekens)');
    return r;
  }

  async function issueIn(s: Session & { id: number }, form: PermitForm, replaces: number | null) {
    const m = market(form.marketId);
    if (!heldOn(m, form.day)) throw invalid('day', 'conflict', `${m.name} is er niet op ${formatLongDay(form.day)}`);
    if (closedBy(form.marketId, form.day, s.id)) {
      throw err('conflict', `u heeft ${m.name} op ${formatDay(form.day)} al afgesloten: alleen een senior corrigeert nog, met een terugboeking`);
    }
    if (form.substituteId !== null) {
      const sub = ctx.vendors.find((x) => x.id === form.substituteId);
      if (!sub) throw err('not_found', `vervanger niet gevonden: ${form.substituteId}`);
    }
    const c = counter(form.marketId, form.day, form.vendorId);
    const quote = await priced(form, c);
    const reason = form.overrideReason?.trim() || null;
    const other = permits.find((p) => p.vendorId === form.vendorId && p.day === form.day && !p.voided && p.id !== replaces);
    if (other && !reason) {
      throw invalid(
        'override_reason',
        'required',
        `deze ondernemer heeft vandaag al dagvergunning ${other.invoiceNumber} (${market(other.marketId).name}): geef een reden`,
      );
    }
    const year = form.day.slice(0, 4);
    const n = (invoiceCounters.get(year) ?? 0) + 1;
    invoiceCounters.set(year, n);
    const at = now();
    const p: MPermit = {
      id: ctx.newId(),
      marketId: form.marketId,
      day: form.day,
      vendorId: form.vendorId,
      invoiceNumber: `D${year}-${String(n).padStart(6, '0')}`,
      status: c.status,
      presence: form.presence,
      substituteId: form.substituteId,
      identifiedBy: form.identifiedBy,
      stalls: form.stalls.map((x) => x.trim()).filter(Boolean),
      note: form.note.trim(),
      overrideReason: reason,
      replacesId: replaces,
      issuedBy: s.id,
      issuedByName: s.displayName,
      issuedAt: at,
      voided: null,
      lines: quote.lines,
      requested: Object.fromEntries(Object.entries(form.requested).filter(([, q]) => q > 0)),
    };
    permits.push(p);
    payments.push({
      id: ctx.newId(),
      permitId: p.id,
      method: form.payment,
      amountCents: quote.totalInclCents,
      reversesId: null,
      reason: null,
      at,
      accountId: s.id,
    });
    return { id: p.id, invoiceNumber: p.invoiceNumber, totalInclCents: quote.totalInclCents };
  }

  function voidIn(s: Session & { id: number }, id: number, reason: string) {
    const p = permit(id);
    if (p.voided) throw err('conflict', `dagvergunning ${p.invoiceNumber} is al doorgehaald`);
    if (closedBy(p.marketId, p.day, p.issuedBy) && !s.permissions.includes('CorrectClosedDay')) actor('CorrectClosedDay');
    const at = now();
    p.voided = { reason, at };
    for (const pay of paymentsOf(id)) {
      if (pay.reversesId === null && !isReversed(pay.id)) {
        payments.push({ id: ctx.newId(), permitId: id, method: pay.method, amountCents: -pay.amountCents, reversesId: pay.id, reason, at, accountId: s.id });
      }
    }
  }

  function dayPermit(p: MPermit): DayPermit {
    const v = vendor(p.vendorId);
    const pays = paymentsOf(p.id);
    const metres = Object.entries(p.requested).reduce((sum, [key, q]) => {
      const prod = ctx.products.find((x) => x.key === key);
      return sum + (prod && METRE_UNITS.includes(prod.unit) ? q * prod.factor : 0);
    }, 0);
    return {
      id: p.id,
      invoiceNumber: p.invoiceNumber,
      vendorId: v.id,
      vendorName: name(v),
      registrationNumber: dotted(v.registrationNumber),
      status: p.status,
      presence: p.presence,
      stalls: [...p.stalls],
      metres,
      dueCents: due(p),
      paidCents: pays.reduce((s, x) => s + x.amountCents, 0),
      methods: [...new Set(pays.filter((x) => x.reversesId === null).map((x) => x.method))],
      issuedBy: p.issuedByName,
      issuedAt: p.issuedAt,
      voidReason: p.voided?.reason ?? null,
      replacesId: p.replacesId,
      overrideReason: p.overrideReason,
      control: null,
    };
  }

  function clerkSummary(marketId: number, day: string, account: number) {
    const mine = permits.filter((p) => p.marketId === marketId && p.day === day && p.issuedBy === account);
    const ids = new Set(permits.filter((p) => p.marketId === marketId && p.day === day).map((p) => p.id));
    const sum = (method: string) =>
      payments.filter((x) => ids.has(x.permitId) && x.accountId === account && x.method === method).reduce((s, x) => s + x.amountCents, 0);
    const out = {
      permits: mine.filter((p) => !p.voided).length,
      voided: mine.filter((p) => p.voided).length,
      pinCents: sum('pin'),
      cashCents: sum('contant'),
      onAccountCents: sum('op_rekening'),
      totalCents: 0,
    };
    out.totalCents = out.pinCents + out.cashCents + out.onAccountCents;
    return out;
  }

  function attendanceKey(vendorId: number, marketId: number, day: string) {
    return `${vendorId}|${marketId}|${day}`;
  }

  // A morning already under way elsewhere: a standwerker has a permit on the Noordermarkt
  // today (so the counter asks a reason for a second one), and vendor 3 has a weekly pattern.
  let seeded: Promise<void> | null = null;
  function seed(): Promise<void> {
    seeded ??= (async () => {
      const toezicht = { id: 3, username: 'toezicht', displayName: 'Kees Bakker', role: 'supervisor' as const, permissions: [] };
      const nom = ctx.markets().find((m) => m.id === 3);
      if (nom && heldOn(nom, today)) {
        const form: PermitForm = {
          marketId: 3,
          day: today,
          vendorId: 250,
          presence: 'zelf',
          substituteId: null,
          identifiedBy: 'getypt',
          requested: { stalls_3m: 1 },
          stalls: ['7'],
          note: '',
          payment: 'contant',
          overrideReason: null,
        };
        await issueIn(toezicht, form, null);
        // The rest of the Noordermarkt's morning, for the control round: most vendors in
        // person, some by partner or substitute, one absent, vendor 97 under an
        // enforcement request.
        const presences = ['zelf', 'partner', 'zelf', 'vervanger_met_toestemming', 'zelf', 'zelf', 'vervanger_met_ontheffing', 'zelf', 'niet_aanwezig', 'zelf', 'partner', 'zelf', 'zelf', 'zelf'];
        const stalls = ['1', '2', '3', '4', '5', '6', '8', '9', '10', '11', '12', '13', '14', '15'];
        for (const [i, vendorId] of [97, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142].entries()) {
          const products: Record<string, number> = i % 4 === 1 ? { stalls_3m: 2, electricity: 1 } : i % 3 === 0 ? { stalls_3m: 1, electricity: 1 } : { stalls_3m: 1 };
          await issueIn(toezicht, { ...form, vendorId, presence: presences[i], requested: products, stalls: [stalls[i]], payment: i % 2 ? 'pin' : 'contant' }, null);
        }
      }
      patterns.set('3|1', ['ma', 'wo', 'za']);
      absenceList.push({ id: ctx.newId(), vendorId: 5, marketId: 1, from: today, until: today, reason: 'vakantie' });
    })();
    return seeded;
  }

  return {
    async findVendor({ text }) {
      actor();
      const t = text.trim();
      const parts = t.split('.');
      const digits = parts.length === 2 && parts[0].length === 8 && parts[1].length === 2 ? parts.join('') : parts.length === 1 ? t : '';
      const v =
        (/^\d{10}$/.test(digits) ? ctx.vendors.find((x) => x.registrationNumber === digits) : undefined) ??
        ctx.vendors.find((x) => x.passId && x.passId === t);
      if (!v) throw err('not_found', `ondernemer niet gevonden: ${t}`);
      return {
        id: v.id,
        registrationNumber: dotted(v.registrationNumber),
        name: name(v),
        sortName: `${v.surname}, ${[v.initials, v.infix].filter(Boolean).join(' ')}`,
        status: v.status,
        enforcement: !!v.enforcementUntil && v.enforcementUntil >= today,
      };
    },
    async openCounter({ marketId, day, vendorId }) {
      actor();
      await seed();
      if (!isDay(day)) throw invalid('day', 'format', 'datum als JJJJ-MM-DD');
      return counter(marketId, day, vendorId);
    },
    async previewPermit({ form }) {
      actor();
      await seed();
      parseForm(form);
      const c = counter(form.marketId, form.day, form.vendorId);
      const quote = await priced(form, c);
      const warnings = [...c.warnings];
      const w = substituteWarning(form, c);
      if (w) warnings.push(w);
      return { status: c.status, quote, warnings };
    },
    async issuePermit({ form }) {
      await seed();
      parseForm(form);
      const s = actor('IssuePermit');
      validate(form);
      return issueIn(s, form, null);
    },
    async getPermit({ id }) {
      actor();
      const p = permit(id);
      return {
        permit: dayPermit(p),
        lines: p.lines.map((l) => ({ ...l })),
        payments: paymentsOf(id).map(({ permitId: _p, accountId: _a, ...x }) => x),
        requested: { ...p.requested },
        substituteId: p.substituteId,
        note: p.note,
      };
    },
    async voidPermit({ id, reason }) {
      const s = actor('VoidPermit');
      voidIn(s, id, reasonText(reason));
    },
    async reissuePermit({ id, reason, form }) {
      parseForm(form);
      const s = actor('VoidPermit');
      actor('IssuePermit');
      const r = reasonText(reason);
      validate(form);
      const old = permit(id);
      const before = { voided: old.voided, n: payments.length };
      voidIn(s, id, r);
      try {
        return await issueIn(s, form, id);
      } catch (e) {
        // One transaction: a refused reissue leaves the old permit as it was.
        old.voided = before.voided;
        payments.splice(before.n);
        throw e;
      }
    },
    async reversePayment({ id, reason }) {
      const s = actor('ReversePayment');
      const r = reasonText(reason);
      const pay = payments.find((x) => x.id === id);
      if (!pay) throw err('not_found', `betaling niet gevonden: ${id}`);
      if (pay.reversesId !== null) throw err('conflict', 'een terugboeking wordt niet teruggeboekt: boek opnieuw');
      if (isReversed(id)) throw err('conflict', 'deze betaling is al teruggeboekt');
      const p = permit(pay.permitId);
      if (closedBy(p.marketId, p.day, p.issuedBy) && !s.permissions.includes('CorrectClosedDay')) actor('CorrectClosedDay');
      payments.push({ id: ctx.newId(), permitId: p.id, method: pay.method, amountCents: -pay.amountCents, reversesId: id, reason: r, at: now(), accountId: s.id });
    },
    async payOpenAmount({ permitId, method }) {
      if (!CODES.paymentMethods.some((c) => c.code === method)) throw invalid('method', 'unknown', `onbekende betaalwijze: ‘${method}’`);
      const s = actor('ReversePayment');
      const p = permit(permitId);
      if (p.voided) throw err('conflict', `dagvergunning ${p.invoiceNumber} is doorgehaald`);
      if (closedBy(p.marketId, p.day, p.issuedBy) && !s.permissions.includes('CorrectClosedDay')) actor('CorrectClosedDay');
      const open = due(p) - paymentsOf(permitId).reduce((sum, x) => sum + x.amountCents, 0);
      if (open <= 0) throw err('conflict', `dagvergunning ${p.invoiceNumber} is al betaald`);
      payments.push({ id: ctx.newId(), permitId, method, amountCents: open, reversesId: null, reason: null, at: now(), accountId: s.id });
    },
    async dayView({ marketId, day }) {
      actor();
      await seed();
      if (!isDay(day)) throw invalid('day', 'format', 'datum als JJJJ-MM-DD');
      market(marketId);
      const list = permits
        .filter((p) => p.marketId === marketId && p.day === day)
        .sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : a.id - b.id))
        .map(dayPermit);
      const valid = list.filter((p) => p.voidReason === null);
      const count = (codes: { code: string }[], of: (p: DayPermit) => string) =>
        codes.map((c) => ({ code: c.code, count: valid.filter((p) => of(p) === c.code).length })).filter((c) => c.count > 0);
      const ids = new Set(list.map((p) => p.id));
      const money = CODES.paymentMethods.map((c) => ({
        method: c.code,
        cents: payments.filter((x) => ids.has(x.permitId) && x.method === c.code).reduce((s, x) => s + x.amountCents, 0),
      }));
      const sameDay = permits.filter((p) => p.day === day && !p.voided);
      const multipleVendors = [...new Set(sameDay.map((p) => p.vendorId))].filter(
        (v) => sameDay.filter((p) => p.vendorId === v).length > 1 && sameDay.some((p) => p.vendorId === v && p.marketId === marketId),
      );
      return {
        marketId,
        day,
        permits: list,
        byStatus: count(CODES.permitStatuses, (p) => p.status),
        byPresence: count(CODES.presences, (p) => p.presence),
        metres: valid.reduce((s, p) => s + p.metres, 0),
        money,
        totalCents: money.reduce((s, x) => s + x.cents, 0),
        dueCents: valid.reduce((s, p) => s + p.dueCents, 0),
        voided: list.length - valid.length,
        multiple: multipleVendors.map((vid) => {
          const v = vendor(vid);
          return {
            vendorId: vid,
            vendorName: name(v),
            registrationNumber: dotted(v.registrationNumber),
            permits: sameDay.filter((p) => p.vendorId === vid).map((p) => ({ marketCode: market(p.marketId).code, invoiceNumber: p.invoiceNumber })),
          };
        }),
        notes: notes.filter((n) => n.marketId === marketId && n.day === day).map(({ marketId: _m, day: _d, ...n }) => ({ ...n })),
        closes: closes.filter((c) => c.marketId === marketId && c.day === day).map(({ marketId: _m, day: _d, accountId: _a, ...c }) => ({ ...c })),
      };
    },
    async clerkDay({ marketId, day }) {
      const s = actor();
      market(marketId);
      return clerkSummary(marketId, day, s.id);
    },
    async closeDay({ marketId, day, countedCash }) {
      if (!isDay(day)) throw invalid('day', 'format', 'datum als JJJJ-MM-DD');
      const counted = parseMoney(countedCash);
      if (typeof counted !== 'number') throw counted;
      const s = actor('CloseDay');
      if (counted < 0) throw invalid('countedCash', 'out_of_range', 'een kasbedrag is niet negatief');
      const m = market(marketId);
      if (closedBy(marketId, day, s.id)) throw err('conflict', `u heeft ${m.name} op ${formatDay(day)} al afgesloten`);
      const sum = clerkSummary(marketId, day, s.id);
      closes.push({
        id: ctx.newId(),
        marketId,
        day,
        accountId: s.id,
        accountName: s.displayName,
        at: now(),
        permits: sum.permits,
        pinCents: sum.pinCents,
        cashCents: sum.cashCents,
        onAccountCents: sum.onAccountCents,
        countedCashCents: counted,
        differenceCents: counted - sum.cashCents,
      });
    },
    async addNote({ marketId, day, text }) {
      actor('WriteNote');
      const t = text.trim();
      if (!t) throw invalid('text', 'required', 'verplicht veld');
      if ([...t].length > 1000) throw invalid('text', 'too_long', 'te lang (hoogstens 1000 tekens)');
      market(marketId);
      const id = ctx.newId();
      notes.push({ id, marketId, day, text: t, createdAt: now(), done: false, doneAt: null });
      return id;
    },
    async tickNote({ id, done }) {
      actor('WriteNote');
      const n = notes.find((x) => x.id === id);
      if (!n) throw err('not_found', `notitie niet gevonden: ${id}`);
      n.done = done;
      n.doneAt = done ? now() : null;
    },
    async attendanceDay({ marketId, day }) {
      actor();
      await seed();
      if (!isDay(day)) throw invalid('day', 'format', 'datum als JJJJ-MM-DD');
      market(marketId);
      const cutoff = attendanceCutoff(day);
      const rows: AttendanceRow[] = ctx.registrations
        .filter((r) => r.marketId === marketId && !r.voided)
        .sort((a, b) => a.listNumber - b.listNumber)
        .map((r) => {
          const v = vendor(r.vendorId);
          const absent = absenceList.some((a) => a.vendorId === r.vendorId && a.marketId === marketId && a.from <= day && day <= a.until);
          const record = records.get(attendanceKey(r.vendorId, marketId, day));
          const pattern = patterns.get(`${r.vendorId}|${marketId}`) ?? null;
          const intent: AttendanceRow['intent'] = absent
            ? 'absent'
            : record
              ? record.attends
                ? 'present'
                : 'absent'
              : pattern
                ? pattern.includes(weekdayCode(day))
                  ? 'present'
                  : 'absent'
                : 'unspecified';
          const fixed = r.status !== 'soll';
          return {
            vendorId: v.id,
            name: name(v),
            registrationNumber: dotted(v.registrationNumber),
            status: r.status,
            listNumber: r.listNumber,
            intent,
            comes: intent === 'present' || (intent === 'unspecified' && fixed),
            source: absent ? 'absence' : record ? 'record' : pattern ? 'pattern' : 'default',
            reason: record?.reason ?? null,
            pattern: pattern ? [...pattern] : null,
          };
        });
      return { day, cutoff: cutoff.toISOString(), afterCutoff: nowDate() >= cutoff, rows };
    },
    async recordAttendance({ vendorId, marketId, day, attends, reason }) {
      if (!isDay(day)) throw invalid('day', 'format', 'datum als JJJJ-MM-DD');
      actor('RecordAttendance');
      const r = reason?.trim() || null;
      if (nowDate() >= attendanceCutoff(day)) {
        actor('ChangeAttendanceAfterCutoff');
        if (!r) throw invalid('reason', 'required', 'na 15:00 de dag ervoor is een reden verplicht');
      }
      const m = market(marketId);
      vendor(vendorId);
      if (!heldOn(m, day)) throw invalid('day', 'conflict', `${m.name} is er niet op ${formatDay(day)}`);
      records.set(attendanceKey(vendorId, marketId, day), { attends, reason: r });
      now();
    },
    async setPattern({ vendorId, marketId, weekdays }) {
      for (const w of weekdays) {
        if (!CODES.weekdays.some((c) => c.code === w)) throw invalid('weekdays', 'unknown', `onbekende dag: ‘${w}’`);
      }
      actor('RecordAttendance');
      const m = market(marketId);
      vendor(vendorId);
      if (weekdays.some((w) => !m.weekdays.includes(w))) throw invalid('weekdays', 'conflict', `${m.name} is niet op al die dagen`);
      patterns.set(`${vendorId}|${marketId}`, [...weekdays]);
    },
    async absences({ vendorId, marketId }) {
      actor();
      await seed();
      return absenceList
        .filter((a) => a.vendorId === vendorId && a.marketId === marketId)
        .sort((a, b) => (a.from < b.from ? -1 : 1))
        .map(({ vendorId: _v, marketId: _m, ...a }) => ({ ...a }));
    },
    async addAbsence({ vendorId, marketId, from, until, reason }) {
      if (!isDay(from)) throw invalid('from', 'format', 'datum als JJJJ-MM-DD');
      if (!isDay(until)) throw invalid('until', 'format', 'datum als JJJJ-MM-DD');
      actor('RecordAttendance');
      if (until < from) throw invalid('until', 'out_of_range', 'einddatum ligt voor de begindatum');
      if ([...reason].length > 200) throw invalid('reason', 'too_long', 'te lang (hoogstens 200 tekens)');
      market(marketId);
      vendor(vendorId);
      const id = ctx.newId();
      absenceList.push({ id, vendorId, marketId, from, until, reason: reason.trim() });
      return id;
    },
  };
}
