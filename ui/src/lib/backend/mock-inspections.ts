// Controls, the daily sample and tickets in the mock backend. It follows the core
// (crates/markt/src/{sample,control,ticket}.rs) closely enough for browser tests: the
// sample's proportions over a stored pool and seed (re-drawn to check it), one draw per
// market day and a senior's redraw with a reason that takes the day's controls out of the
// round, controls in rounds 1 and 2, tickets numbered B<year>-<6 digits> from a counter
// that never goes back, warning first within 12 months, the status machine with the core's
// refusals and Dutch messages, fine payments that make a ticket paid, and overdue.
// The random draw uses the mock's own generator, not ChaCha8: the same seed gives the same
// list here, which is all a test can see.
import type { Backend } from './api';
import type {
  AppError,
  ControlRec,
  VendorControl,
  ControlRound,
  DayPermit,
  DayView,
  FieldError,
  Market,
  Payment,
  PermitDetail,
  Session,
  TicketDetail,
  TicketRow,
  Violation,
} from './types';
import { CODES, rng, type MockVendor } from './mock-data';
import { amsterdam } from './mock-morning';
import { addDays, formatMoney } from '../format';

export type InspectionMethods = Pick<
  Backend,
  | 'controlRound'
  | 'drawSample'
  | 'redrawSample'
  | 'recordControl'
  | 'controlsOf'
  | 'vendorControls'
  | 'violations'
  | 'addViolation'
  | 'decideTicket'
  | 'createTicket'
  | 'setTicketStatus'
  | 'payTicket'
  | 'tickets'
  | 'getTicket'
  | 'addTicketPhoto'
>;

/** What this part needs of the rest of the mock. */
export interface InspectionsContext {
  today: string;
  session: () => (Session & { id: number }) | null;
  markets: () => Market[];
  vendors: MockVendor[];
  /** The morning's day view and permit detail, without controls. */
  dayView: (marketId: number, day: string) => Promise<DayView>;
  getPermit: (id: number) => Promise<PermitDetail>;
  newId: () => number;
  /** Writes an audit row for the logged-in account. */
  audit: (action: string, entity: string, entityId: string | number, before: unknown, after: unknown) => void;
}

interface Candidate {
  permit: number;
  enforcement: boolean;
  inPerson: boolean;
}
interface MSample {
  id: number;
  marketId: number;
  day: string;
  seed: string;
  drawnBy: number;
  drawnAt: string;
  replaces: { id: number; reason: string } | null;
  members: [number, string][];
  pool: Candidate[];
}
interface MControl extends ControlRec {
  accountId: number;
}
interface MTicket {
  id: number;
  number: string;
  marketId: number;
  day: string;
  time: string;
  stall: string;
  vendorId: number | null;
  unknownPerson: string | null;
  permitId: number | null;
  controlId: number | null;
  violationId: number;
  decision: 'waarschuwing' | 'boete';
  amountCents: number;
  dueDate: string;
  note: string;
  events: { status: string; reason: string | null; at: string }[];
  photos: { sha256: string; fileName: string }[];
}
interface MTicketPayment extends Payment {
  ticketId: number;
}

const ROLE_NL: Record<string, string> = {
  admin: 'beheerder',
  senior: 'medewerker marktbureau',
  supervisor: 'markttoezichthouder',
  finance: 'financiën',
};
const ACTION_NL: Record<string, string> = {
  DrawSample: 'de steekproef trekken',
  RedrawSample: 'de steekproef opnieuw trekken',
  RecordControl: 'controles vastleggen',
  IssueTicket: 'bonnen uitschrijven',
  ChangeTicketStatus: 'de status van bonnen wijzigen',
  VoidTicket: 'bonnen laten vervallen',
  RegisterTicketPayment: 'betalingen van bonnen registreren',
  EditViolations: 'de overtredingen wijzigen',
};
const STATUS_NL: Record<string, string> = {
  draft: 'concept',
  issued: 'uitgereikt',
  paid: 'betaald',
  objection: 'bezwaar',
  upheld: 'bezwaar afgewezen',
  withdrawn: 'ingetrokken',
  void: 'vervallen',
};

const err = (code: string, message: string, fields: FieldError[] = []): AppError => ({ code, message, fields });
const invalid = (field: string, problem: FieldError['problem'], message: string): AppError =>
  err('invalid', `${field}: ${message}`, [{ field, problem, message }]);

function isDay(s: string | null | undefined): s is string {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s.trim()) && !Number.isNaN(Date.parse(s.trim() + 'T00:00:00Z'));
}
function name(v: { initials: string; infix: string; surname: string }): string {
  return [v.initials, v.infix, v.surname].filter(Boolean).join(' ');
}
function dotted(n: string): string {
  return `${n.slice(0, 8)}.${n.slice(8)}`;
}
/** Dutch money as the core's Cents::parse_nl reads it ("75", "75,00", "1.234,5"). */
function parseMoney(field: string, text: string): number {
  const t = text.trim().replace(/^€\s*/, '');
  const m = /^(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(t);
  if (!m) throw invalid(field, 'format', `‘${text.trim()}’ is geen bedrag (bijv. 75,00)`);
  const cents = Number(m[2].replace(/\./g, '')) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
/** The day twelve months before (chrono's checked_sub_months: the 31st becomes the month's last day). */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * The draw of inspections.md over a pool, deterministic for a seed (sample.rs, `draw`):
 * every enforcement permit; R = size − those; ceil(0.75·R) from those not there in person;
 * floor(0.25·R) from the in-person ones; topped up from the in-person ones.
 */
export function drawSample(pool: Candidate[], size: number, seed: string): [number, string][] {
  const sorted = [...new Map(pool.map((c) => [c.permit, c])).values()].sort((a, b) => a.permit - b.permit);
  const random = rng(Number(BigInt(seed) % 4294967296n));
  const out: [number, string][] = sorted.filter((c) => c.enforcement).map((c) => [c.permit, 'enforcement']);
  const r = Math.max(0, size - out.length);
  const absent = sorted.filter((c) => !c.enforcement && !c.inPerson).map((c) => c.permit);
  const present = sorted.filter((c) => !c.enforcement && c.inPerson).map((c) => c.permit);
  const take = (list: number[], n: number): number[] => {
    const k = Math.min(n, list.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (list.length - i));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list.splice(0, k);
  };
  for (const p of take(absent, Math.ceil((3 * r) / 4))) out.push([p, 'not_in_person']);
  for (const p of take(present, Math.floor(r / 4))) out.push([p, 'random']);
  const wanted = r + out.filter(([, why]) => why === 'enforcement').length;
  for (const p of take(present, Math.max(0, wanted - out.length))) out.push([p, 'top_up']);
  return out;
}

/** Whether a ticket may go from one status to another (ticket.rs, may_transition). */
export function mayTransition(from: string, to: string): boolean {
  const allowed = ['draft>issued', 'issued>paid', 'issued>objection', 'objection>upheld', 'objection>withdrawn', 'upheld>paid'];
  return allowed.includes(`${from}>${to}`) || (to === 'void' && from !== 'paid' && from !== 'void');
}

export function createInspections(ctx: InspectionsContext): InspectionMethods & {
  /** The day view's `control` of a permit: its latest control and how it differs. */
  withControl: (p: DayPermit) => DayPermit;
  /** A ticket's number (the letter's file is named after it). */
  ticketNumber: (id: number) => string;
} {
  const { today } = ctx;
  const samples: MSample[] = [];
  const controls: MControl[] = [];
  /** Where each control was: its permit's vendor, market, day, number and presence. */
  const controlWhere = new Map<number, Omit<VendorControl, keyof ControlRec> & { vendorId: number }>();
  const tickets: MTicket[] = [];
  const payments: MTicketPayment[] = [];
  const sequences = new Map<string, number>();
  const violations: Violation[] = [];
  // The mock's clock for controls and tickets: 09:00 in Amsterdam on its today, on per change.
  let clock = amsterdam(today, 9, 0).getTime();
  const now = () => new Date((clock += 60_000)).toISOString();

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
  function dayArg(field: string, day: string): string {
    if (!isDay(day)) throw invalid(field, 'format', 'datum als JJJJ-MM-DD');
    return day.trim();
  }
  const statusOf = (t: MTicket) => t.events[t.events.length - 1].status;
  const paidOf = (t: MTicket) => payments.filter((p) => p.ticketId === t.id).reduce((s, p) => s + p.amountCents, 0);
  const violation = (id: number) => violations.find((v) => v.id === id)!;
  const overdue = (t: MTicket) =>
    (statusOf(t) === 'issued' || statusOf(t) === 'upheld') && t.decision === 'boete' && today > t.dueDate && paidOf(t) < t.amountCents;

  // ── Controls ─────────────────────────────────────────────────────────────────────────
  function controlRec(c: MControl): ControlRec {
    const { accountId: _a, ...rec } = c;
    return { ...rec, products: { ...rec.products } };
  }
  function controlsOfPermit(permitId: number): MControl[] {
    return controls.filter((c) => c.permitId === permitId).sort((a, b) => a.round - b.round || a.id - b.id);
  }
  function withControl(p: DayPermit): DayPermit {
    const last = controlsOfPermit(p.id).sort((a, b) => b.round - a.round || b.id - a.id)[0];
    if (!last) return { ...p, control: null };
    const differs = last.presence !== p.presence;
    const alarming = differs && (last.presence === 'vervanger_zonder_toestemming' || last.presence === 'niet_aanwezig');
    return { ...p, control: { round: last.round, presence: last.presence, differs, alarming } };
  }

  // ── The sample ───────────────────────────────────────────────────────────────────────
  const current = (marketId: number, day: string) =>
    samples.filter((s) => s.marketId === marketId && s.day === day).sort((a, b) => b.id - a.id)[0] ?? null;

  async function round(marketId: number, day: string): Promise<ControlRound | null> {
    const s = current(marketId, day);
    if (!s) return null;
    const m = market(marketId);
    const view = await ctx.dayView(marketId, day);
    const entries = s.members.map(([permitId, reason]) => {
      const p = view.permits.find((x) => x.id === permitId);
      if (!p) throw err('not_found', `dagvergunning niet gevonden: ${permitId}`);
      return { permit: withControl(p), reason, controls: controlsOfPermit(permitId).map(controlRec) };
    });
    const reproduces = JSON.stringify(drawSample(s.pool, m.sampleSize, s.seed)) === JSON.stringify(s.members);
    return {
      sampleId: s.id,
      seed: s.seed,
      drawnAt: s.drawnAt,
      redrawReason: s.replaces?.reason ?? null,
      reproduces,
      entries,
    };
  }

  /** A fresh 64-bit seed as text, like the app's `rand::random()`. */
  function freshSeed(): string {
    const hi = BigInt(Math.floor(Math.random() * 2 ** 32));
    const lo = BigInt(Math.floor(Math.random() * 2 ** 32));
    return ((hi << 32n) | lo).toString();
  }

  async function insertSample(s: Session & { id: number }, marketId: number, day: string, replaces: MSample['replaces']) {
    const m = market(marketId);
    const view = await ctx.dayView(marketId, day);
    const pool: Candidate[] = view.permits
      .filter((p) => !p.voidReason)
      .map((p) => {
        const v = vendor(p.vendorId);
        return { permit: p.id, enforcement: !!v.enforcementUntil && v.enforcementUntil >= day, inPerson: p.presence === 'zelf' };
      });
    if (!pool.length) throw err('conflict', `${m.name} heeft op ${day.split('-').reverse().join('-')} geen dagvergunningen`);
    const seed = freshSeed();
    const sample: MSample = {
      id: ctx.newId(),
      marketId,
      day,
      seed,
      drawnBy: s.id,
      drawnAt: now(),
      replaces,
      members: drawSample(pool, m.sampleSize, seed),
      pool,
    };
    samples.push(sample);
    ctx.audit(replaces ? 'sample.redraw' : 'sample.draw', 'control_sample', sample.id, null, {
      market: marketId,
      day,
      seed,
      members: sample.members,
    });
  }

  // ── Violations: the demo's catalogue, V02 with an older version ────────────────────────
  const VIOLATIONS: [string, string, string, number, boolean, string, string | null][] = [
    ['V01', 'Niet zelf aanwezig zonder toestemming', 'art. 4.3 Marktverordening', 7500, true, '2024-01-01', null],
    ['V02', 'Kraam buiten de toegewezen plaats of te groot', 'art. 5.1 Marktverordening', 4000, false, '2024-01-01', '2025-12-31'],
    ['V02', 'Kraam buiten de toegewezen plaats of te groot', 'art. 5.1 Marktverordening', 5000, false, '2026-01-01', null],
    ['V03', 'Afval achtergelaten', 'art. 6.2 Marktverordening', 10000, false, '2024-01-01', null],
    ['V04', 'Handel zonder geldige vergunning', 'art. 2.1 Marktverordening', 15000, false, '2024-01-01', null],
    ['V05', 'Verkoop buiten de ingeschreven branche', 'art. 4.7 Marktverordening', 7500, true, '2024-01-01', null],
  ];
  for (const [code, description, article, amountCents, warningFirst, validFrom, validUntil] of VIOLATIONS) {
    violations.push({ id: ctx.newId(), code, description, article, amountCents, warningFirst, validFrom, validUntil });
  }

  // ── Tickets ──────────────────────────────────────────────────────────────────────────
  function decide(vendorId: number | null, code: string, day: string) {
    const c = code.trim();
    const v = violations
      .filter((x) => x.code === c && x.validFrom <= day && (x.validUntil === null || day <= x.validUntil))
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
    if (!v) throw invalid('violation_code', 'unknown', `geen geldige overtreding ${code} op ${day}`);
    const since = monthsBefore(day, 12);
    const earlier =
      vendorId === null
        ? []
        : tickets
            .filter((t) => t.vendorId === vendorId && violation(t.violationId).code === v.code && t.day >= since && t.day < day && statusOf(t) !== 'void')
            .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id - b.id))
            .map((t) => t.number);
    const warning = v.warningFirst && earlier.length === 0 && vendorId !== null;
    return { violation: v, decision: warning ? ('waarschuwing' as const) : ('boete' as const), amountCents: warning ? 0 : v.amountCents, earlier };
  }

  function row(t: MTicket): TicketRow {
    const v = t.vendorId === null ? null : vendor(t.vendorId);
    const vi = violation(t.violationId);
    return {
      id: t.id,
      number: t.number,
      marketCode: market(t.marketId).code,
      day: t.day,
      time: t.time,
      stall: t.stall,
      vendorId: t.vendorId,
      vendorName: v ? name(v) : null,
      registrationNumber: v ? dotted(v.registrationNumber) : null,
      unknownPerson: t.unknownPerson,
      violationCode: vi.code,
      violation: vi.description,
      decision: t.decision,
      amountCents: t.amountCents,
      paidCents: paidOf(t),
      dueDate: t.dueDate,
      status: statusOf(t),
      overdue: overdue(t),
    };
  }
  function ticket(id: number): MTicket {
    const t = tickets.find((x) => x.id === id);
    if (!t) throw err('not_found', `bon niet gevonden: ${id}`);
    return t;
  }

  function create(
    input: { marketId: number; day: string; time: string; stall: string; vendorId: number | null; unknownPerson: string | null; permitId: number | null; controlId: number | null; violationCode: string; note: string },
    permitVendor: number | null,
    at: string,
  ): number {
    const person = input.unknownPerson?.trim() || null;
    const fields: FieldError[] = [];
    if ((input.vendorId !== null) === (person !== null)) {
      fields.push({ field: 'vendor', problem: 'required', message: 'kies een ondernemer of beschrijf de onbekende persoon' });
    }
    if ([...input.stall].length > 10) fields.push({ field: 'stall', problem: 'too_long', message: 'te lang (hoogstens 10 tekens)' });
    if ([...input.note].length > 1000) fields.push({ field: 'note', problem: 'too_long', message: 'te lang (hoogstens 1000 tekens)' });
    if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    market(input.marketId);
    if (input.vendorId !== null) vendor(input.vendorId);
    if (input.permitId !== null && permitVendor !== input.vendorId) {
      throw invalid('permit', 'conflict', 'de dagvergunning is van een andere ondernemer');
    }
    const d = decide(input.vendorId, input.violationCode, input.day);
    const year = input.day.slice(0, 4);
    const n = (sequences.get(year) ?? 0) + 1;
    if (n > 999_999) throw err('conflict', `de bonnummers van ${year} zijn op`);
    sequences.set(year, n);
    const t: MTicket = {
      id: ctx.newId(),
      number: `B${year}-${String(n).padStart(6, '0')}`,
      marketId: input.marketId,
      day: input.day,
      time: input.time,
      stall: input.stall.trim(),
      vendorId: input.vendorId,
      unknownPerson: person,
      permitId: input.permitId,
      controlId: input.controlId,
      violationId: d.violation.id,
      decision: d.decision,
      amountCents: d.amountCents,
      dueDate: addDays(input.day, 30),
      note: input.note.trim(),
      events: [{ status: 'draft', reason: null, at }],
      photos: [],
    };
    tickets.push(t);
    return t.id;
  }

  function transition(t: MTicket, to: string, reason: string | null, at: string) {
    const from = statusOf(t);
    if (!mayTransition(from, to)) throw err('conflict', `bon ${t.number} kan niet van ‘${STATUS_NL[from]}’ naar ‘${STATUS_NL[to] ?? to}’`);
    if (to === 'paid' && paidOf(t) < t.amountCents) throw err('conflict', `bon ${t.number} is nog niet (helemaal) betaald`);
    const before = row(t);
    t.events.push({ status: to, reason, at });
    return before;
  }

  // The office's history: tickets of the past months in every state, numbered in order.
  const history: [number | null, number, string, string, string[], string][] = [
    // vendor, market, day, violation, statuses after draft, payment method
    [8, 1, '2026-08-01', 'V01', ['void'], ''],
    [8, 1, '2026-08-15', 'V02', ['issued', 'objection', 'withdrawn'], ''],
    [1, 1, '2026-09-12', 'V01', ['issued'], ''],
    [5, 1, '2026-09-19', 'V03', ['issued', 'paid'], 'pin'],
    [12, 1, '2026-10-03', 'V02', ['issued'], ''],
    [23, 2, '2026-10-14', 'V04', ['issued', 'objection', 'upheld'], ''],
    [12, 1, '2026-10-24', 'V02', ['issued', 'objection'], ''],
    [31, 1, '2026-11-07', 'V05', ['issued'], ''],
    [null, 3, '2026-11-14', 'V04', ['issued'], ''],
    [40, 1, '2026-11-21', 'V03', [], ''],
  ];
  for (const [vendorId, marketId, day, code, path, method] of history) {
    const at = amsterdam(day, 10, 30).toISOString();
    const id = create(
      {
        marketId,
        day,
        time: '10:30',
        stall: String(1 + ((vendorId ?? 7) % 40)),
        vendorId,
        unknownPerson: vendorId === null ? 'Man met bakfiets, verkocht bloemen bij de kerk' : null,
        permitId: null,
        controlId: null,
        violationCode: code,
        note: '',
      },
      null,
      at,
    );
    const t = ticket(id);
    path.forEach((to, i) => {
      const when = amsterdam(addDays(day, 1 + i * 7), 11).toISOString();
      if (to === 'paid') {
        payments.push({ id: ctx.newId(), ticketId: id, method, amountCents: t.amountCents, reversesId: null, reason: null, at: when });
      }
      const reason = to === 'void' ? 'Verkeerde ondernemer genoteerd' : to === 'objection' ? 'Bezwaar per brief' : to === 'upheld' ? 'Bezwaar ongegrond' : to === 'withdrawn' ? 'Bezwaar gegrond' : null;
      transition(t, to, reason, when);
    });
  }

  return {
    withControl,
    ticketNumber: (id) => ticket(id).number,

    async controlRound({ marketId, day }) {
      actor();
      dayArg('day', day);
      market(marketId);
      return round(marketId, day);
    },
    async drawSample({ marketId, day }) {
      dayArg('day', day);
      const s = actor('DrawSample');
      if (current(marketId, day)) {
        throw err('conflict', 'de steekproef van deze dag is al getrokken: opnieuw trekken kan een senior, met een reden');
      }
      await insertSample(s, marketId, day, null);
      return (await round(marketId, day))!;
    },
    async redrawSample({ marketId, day, reason }) {
      dayArg('day', day);
      const s = actor('RedrawSample');
      const r = reason.trim();
      if (!r) throw invalid('reason', 'required', 'verplicht veld');
      if ([...r].length > 200) throw invalid('reason', 'too_long', 'te lang (hoogstens 200 tekens)');
      const old = current(marketId, day);
      if (!old) throw invalid('reason', 'conflict', 'er is nog geen steekproef om opnieuw te trekken');
      const ids = new Set((await ctx.dayView(marketId, day)).permits.map((p) => p.id));
      const ofDay = controls.filter((c) => ids.has(c.permitId));
      if (ofDay.some((c) => tickets.some((t) => t.controlId === c.id))) {
        throw err('conflict', 'er zijn al bonnen uitgeschreven na controles van deze dag: de steekproef blijft staan');
      }
      for (const c of ofDay) {
        controls.splice(controls.indexOf(c), 1);
        ctx.audit('control.remove', 'control', c.id, controlRec(c), null);
      }
      await insertSample(s, marketId, day, { id: old.id, reason: r });
      return (await round(marketId, day))!;
    },
    async recordControl({ input }) {
      if (!CODES.presences.some((c) => c.code === input.presence)) {
        throw invalid('presence', 'unknown', `onbekende aanwezigheid: ‘${input.presence}’`);
      }
      const s = actor('RecordControl');
      const fields: FieldError[] = [];
      if (!Number.isInteger(input.round) || input.round < 1 || input.round > 2) fields.push({ field: 'round', problem: 'out_of_range', message: 'moet tussen 1 en 2 liggen' });
      for (const [k, q] of Object.entries(input.products)) {
        if (!Number.isInteger(q) || q < 0 || q > 100) fields.push({ field: `products.${k}`, problem: 'out_of_range', message: 'moet tussen 0 en 100 liggen' });
      }
      if ([...input.note].length > 500) fields.push({ field: 'note', problem: 'too_long', message: 'te lang (hoogstens 500 tekens)' });
      if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
      const detail = await ctx.getPermit(input.permitId);
      if (detail.permit.voidReason) throw err('conflict', `dagvergunning ${detail.permit.invoiceNumber} is doorgehaald`);
      if (controlsOfPermit(input.permitId).some((c) => c.round === input.round)) {
        throw invalid('round', 'duplicate', `ronde ${input.round} is al gecontroleerd`);
      }
      if (input.substituteId !== null) {
        if (!ctx.vendors.some((v) => v.id === input.substituteId)) throw err('not_found', `vervanger niet gevonden: ${input.substituteId}`);
      }
      const c: MControl = {
        id: ctx.newId(),
        permitId: input.permitId,
        round: input.round,
        presence: input.presence,
        substituteId: input.substituteId,
        products: { ...input.products },
        note: input.note.trim(),
        at: now(),
        accountId: s.id,
      };
      controls.push(c);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(detail.permit.issuedAt));
      let marketCode = '';
      for (const m of ctx.markets()) {
        if ((await ctx.dayView(m.id, day)).permits.some((p) => p.id === input.permitId)) marketCode = m.code;
      }
      controlWhere.set(c.id, {
        vendorId: detail.permit.vendorId,
        marketCode,
        day,
        invoiceNumber: detail.permit.invoiceNumber,
        permitPresence: detail.permit.presence,
      });
      ctx.audit('control.record', 'control', c.id, null, controlRec(c));
      return c.id;
    },
    async controlsOf({ permitId }) {
      actor();
      return controlsOfPermit(permitId).map(controlRec);
    },
    async vendorControls({ vendorId }) {
      actor();
      return controls
        .flatMap((c) => {
          const where = controlWhere.get(c.id);
          if (!where || where.vendorId !== vendorId) return [];
          const { vendorId: _v, ...rest } = where;
          return [{ ...controlRec(c), ...rest }];
        })
        .sort((a, b) => (a.day === b.day ? b.round - a.round || b.id - a.id : a.day < b.day ? 1 : -1));
    },

    async violations() {
      actor();
      return violations.map((v) => ({ ...v })).sort((a, b) => a.code.localeCompare(b.code) || (a.validFrom < b.validFrom ? -1 : 1));
    },
    async addViolation({ input }) {
      const amount = parseMoney('amount', input.amount);
      if (!isDay(input.validFrom)) throw invalid('validFrom', 'format', 'datum als JJJJ-MM-DD');
      const until = input.validUntil?.trim() || null;
      if (until !== null && !isDay(until)) throw invalid('validUntil', 'format', 'datum als JJJJ-MM-DD');
      actor('EditViolations');
      const fields: FieldError[] = [];
      const text = (field: string, value: string, max: number, required: boolean) => {
        if (required && !value.trim()) fields.push({ field, problem: 'required', message: 'verplicht veld' });
        else if ([...value.trim()].length > max) fields.push({ field, problem: 'too_long', message: `te lang (hoogstens ${max} tekens)` });
      };
      text('code', input.code, 10, true);
      text('description', input.description, 200, true);
      text('article', input.article, 60, false);
      if (amount < 0) fields.push({ field: 'amount', problem: 'out_of_range', message: 'een boete is niet negatief' });
      if (until !== null && until < input.validFrom.trim()) fields.push({ field: 'valid_until', problem: 'out_of_range', message: 'einddatum ligt voor de begindatum' });
      if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
      if (violations.some((v) => v.code === input.code.trim() && v.validFrom === input.validFrom.trim())) {
        throw invalid('valid_from', 'duplicate', 'deze overtreding heeft al een versie vanaf die dag');
      }
      const v: Violation = {
        id: ctx.newId(),
        code: input.code.trim(),
        description: input.description.trim(),
        article: input.article.trim(),
        amountCents: amount,
        warningFirst: input.warningFirst,
        validFrom: input.validFrom.trim(),
        validUntil: until,
      };
      violations.push(v);
      ctx.audit('violation.create', 'violation', v.id, null, v);
      return v.id;
    },

    async decideTicket({ vendorId, violationCode, day }) {
      dayArg('day', day);
      actor();
      const d = decide(vendorId, violationCode, day.trim());
      return {
        violationCode: d.violation.code,
        description: d.violation.description,
        article: d.violation.article,
        decision: d.decision,
        amountCents: d.amountCents,
        earlier: d.earlier,
      };
    },
    async createTicket({ input }) {
      const day = dayArg('day', input.day);
      if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(input.time.trim())) throw invalid('time', 'format', 'tijd als uu:mm, bijv. 10:45');
      const time = input.time.trim().padStart(5, '0');
      actor('IssueTicket');
      let permitVendor: number | null = null;
      if (input.permitId !== null) permitVendor = (await ctx.getPermit(input.permitId)).permit.vendorId;
      const id = create({ ...input, day, time }, permitVendor, now());
      ctx.audit('ticket.create', 'ticket', id, null, row(ticket(id)));
      return id;
    },
    async setTicketStatus({ id, status, reason }) {
      if (!STATUS_NL[status]) throw invalid('status', 'unknown', `onbekende bonstatus: ‘${status}’`);
      const r = reason?.trim() || null;
      if (status === 'void') {
        actor('VoidTicket');
        if (!r) throw invalid('reason', 'required', 'een bon laten vervallen vraagt een reden');
      } else {
        actor('ChangeTicketStatus');
      }
      const t = ticket(id);
      const before = transition(t, status, r, now());
      ctx.audit('ticket.status', 'ticket', id, before, row(t));
    },
    async payTicket({ id, method, amount }) {
      if (!CODES.paymentMethods.some((c) => c.code === method)) throw invalid('method', 'unknown', `onbekende betaalwijze: ‘${method}’`);
      const cents = parseMoney('amount', amount);
      actor('RegisterTicketPayment');
      const t = ticket(id);
      const status = statusOf(t);
      if (!(status === 'issued' || status === 'upheld') || t.decision === 'waarschuwing') {
        throw err('conflict', `bon ${t.number} staat niet open voor betaling (${STATUS_NL[status]})`);
      }
      const open = t.amountCents - paidOf(t);
      if (cents <= 0 || cents > open) throw invalid('amount', 'out_of_range', `er staat nog ${formatMoney(open)} open`);
      const p: MTicketPayment = { id: ctx.newId(), ticketId: id, method, amountCents: cents, reversesId: null, reason: null, at: now() };
      payments.push(p);
      const { ticketId: _t, ...after } = p;
      ctx.audit('payment.create', 'payment', p.id, null, after);
      if (cents === open) {
        const before = transition(t, 'paid', null, p.at);
        ctx.audit('ticket.status', 'ticket', id, before, row(t));
      }
    },
    async tickets({ filter }) {
      if (filter.status && !STATUS_NL[filter.status]) throw invalid('status', 'unknown', `onbekende bonstatus: ‘${filter.status}’`);
      const from = filter.from?.trim() ? dayArg('from', filter.from) : null;
      const until = filter.until?.trim() ? dayArg('until', filter.until) : null;
      actor();
      return tickets
        .filter((t) => !filter.status || statusOf(t) === filter.status)
        .filter((t) => filter.marketId === null || t.marketId === filter.marketId)
        .filter((t) => from === null || t.day >= from)
        .filter((t) => until === null || t.day <= until)
        .filter((t) => filter.vendorId === null || t.vendorId === filter.vendorId)
        .filter((t) => !filter.overdue || overdue(t))
        .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : b.id - a.id))
        .map(row);
    },
    async getTicket({ id }): Promise<TicketDetail> {
      actor();
      const t = ticket(id);
      return {
        row: row(t),
        note: t.note,
        permitId: t.permitId,
        controlId: t.controlId,
        photos: [...t.photos].sort((a, b) => (a.fileName < b.fileName ? -1 : 1)),
        payments: payments.filter((p) => p.ticketId === id).map(({ ticketId: _t, ...p }) => p),
        history: t.events.map((e) => ({ ...e })),
      };
    },
    async addTicketPhoto({ id, fileName, bytes }) {
      actor('IssueTicket');
      const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
      if (!['jpg', 'jpeg', 'png', 'heic', 'webp'].includes(ext)) throw invalid('photo', 'format', 'een foto is een jpg-, png-, heic- of webp-bestand');
      if (!bytes.length || bytes.length > 20 * 1024 * 1024) throw invalid('photo', 'out_of_range', 'een foto is niet leeg en hoogstens 20 MB');
      const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
      const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
      const t = ticket(id);
      const photo = { sha256, fileName: `${sha256}.${ext}` };
      if (!t.photos.some((p) => p.sha256 === sha256)) t.photos.push(photo);
      ctx.audit('ticket.photo', 'ticket', id, null, photo);
    },
  };
}
