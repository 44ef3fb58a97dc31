// The mock's Rapporten: the finance export in numbered batches (a market day's lines leave
// once: the same period twice gives an empty second batch; a rerun gives the same batch),
// list exports, CSV imports with a dry run that names every bad line (line, column, reason,
// in the core's words) and an all-or-nothing apply, the reports as tables, and progress
// events with cancel. The market days' figures are generated, deterministically, from the
// mock's markets: enough to draw the screens and their charts. Never in the real build.
import type { Backend, BackendEvents } from './api';
import type { AppError, Market, Session } from './types';
import type {
  Batch,
  Dialect,
  FineCodes,
  ImportKind,
  ImportResult,
  JobProgress,
  ListKind,
  ReportRequest,
  ReportTable,
  SavedFile,
  TableCell,
  TableColumn,
} from './types-reports';

// ── Progress events ──────────────────────────────────────────────────────────────────────

const listeners = new Set<(p: JobProgress) => void>();

export const mockEvents: BackendEvents = {
  onProgress: async (handler) => {
    listeners.add(handler);
    return () => listeners.delete(handler);
  },
};

function emit(p: JobProgress) {
  for (const l of [...listeners]) l(p);
}

// ── What the mock's Rapporten needs of the rest of the mock ─────────────────────────────

export interface MockVendor {
  id: number;
  registrationNumber: string;
  initials: string;
  infix: string;
  surname: string;
  email: string;
  phone: string;
  passId: string;
  status: string;
  enforcementUntil: string | null;
}

export interface ReportsDeps {
  today: string;
  /** The session, refusing with `forbidden` when it lacks `action`. */
  actor: (action?: string) => Session;
  markets: () => Market[];
  heldOn: (m: Market, day: string) => boolean;
  vendors: MockVendor[];
  registrations: () => { marketId: number; vendorId: number; listNumber: number; status: string; voided: boolean }[];
  saveVendor: Backend['saveVendor'];
  /** Milliseconds per progress step (browser tests slow it down to press Cancel). */
  stepMs?: number;
}

type Reports = Pick<
  Backend,
  | 'financeExport'
  | 'rerunBatch'
  | 'financeBatches'
  | 'fineCodes'
  | 'setFineCodes'
  | 'exportList'
  | 'runImport'
  | 'reportFigures'
  | 'reportCsv'
  | 'reportPdf'
  | 'openFile'
  | 'openFolder'
  | 'cancelJob'
>;

const err = (code: string, message: string, fields: AppError['fields'] = []): AppError => ({ code, message, fields });

const DOWNLOADS = '/home/marktbureau/Downloads';

// ── Dates ────────────────────────────────────────────────────────────────────────────────

const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function days(from: string, until: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= until && out.length < 4000; d = addDays(d, 1)) out.push(d);
  return out;
}
function showDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}
/** ISO week label `2026-W48`, named by its ISO year. */
export function isoWeek(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ── The generated market days ────────────────────────────────────────────────────────────

/** Tariff kinds on the mock's invoices, with excl and VAT per permit. */
const KINDS: { code: string; label: string; excl: number; vat: number; share: number }[] = [
  { code: 'meter', label: 'afgenomen meters (normaal tarief)', excl: 738, vat: 0, share: 1 },
  { code: 'cleaning', label: 'reiniging (normaal tarief)', excl: 141, vat: 30, share: 1 },
  { code: 'electricity', label: 'elektra', excl: 350, vat: 32, share: 0.4 },
  { code: 'promo_vendor', label: 'promotiegelden per koopman', excl: 115, vat: 0, share: 1 },
];
const METHODS: { code: string; nl: string; share: number }[] = [
  { code: 'pin', nl: 'pin', share: 0.6 },
  { code: 'contant', nl: 'contant', share: 0.3 },
  { code: 'op_rekening', nl: 'op rekening', share: 0.1 },
];
const BASE: Record<string, [number, number]> = { AC: [38, 16], DAP: [24, 8], NOM: [28, 10], WGM: [14, 6] };

interface MarketDay {
  marketId: number;
  code: string;
  day: string;
  permits: number;
  stalls: number;
  kinds: Record<string, { lines: number; excl: number; vat: number }>;
  methods: Record<string, { permits: number; incl: number }>;
  lines: number;
  incl: number;
}

const HISTORY_FROM = '2025-10-01';

// ── CSV reading (the core's rules, in short) ─────────────────────────────────────────────

export function decode(bytes: Uint8Array): { text: string; encoding: ImportResult['encoding'] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf8_bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'latin1' };
  }
}

/** `;`, `,` or tab: whichever the header line has most of outside quotes; a tie goes to `;`. */
export function detectSeparator(text: string): string {
  const header = text.split(/\r?\n/)[0] ?? '';
  const count: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in count) count[c]++;
  }
  return [';', ',', '\t'].reduce((best, c) => (count[c] > count[best] ? c : best), ';');
}

/** Records with their line numbers (RFC 4180 quotes; empty lines skipped). */
export function parseCsv(text: string, sep: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== '') out.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length) end();
  return out;
}

/** Each import's columns: [key, Dutch name, required]. */
const IMPORT_COLUMNS: Record<ImportKind, [string, string, boolean][]> = {
  vendors: [
    ['registration_number', 'Erkenningsnummer', true],
    ['initials', 'Voorletters', false],
    ['infix', 'Tussenvoegsel', false],
    ['surname', 'Achternaam', true],
    ['email', 'E-mail', false],
    ['phone', 'Telefoon', false],
    ['pass_id', 'Pasnummer', false],
    ['status', 'Status', false],
    ['enforcement_until', 'Handhaving tot', false],
  ],
  registrations: [
    ['market', 'Markt', true],
    ['registration_number', 'Erkenningsnummer', true],
    ['vendor_name', 'Naam', false],
    ['list_number', 'Sollicitatienummer', true],
    ['status', 'Status', true],
    ['registered_on', 'Inschrijfdatum', false],
    ['stalls', 'Vaste plaatsen', false],
    ['products', 'Vaste producten', false],
  ],
  markets: [
    ['market', 'Markt', true],
    ['market_name', 'Marktnaam', true],
    ['kind', 'Soort', true],
    ['weekdays', 'Marktdagen', true],
    ['row', 'Rij', false],
    ['stall', 'Plaats', false],
  ],
  substitutes: [
    ['registration_number', 'Erkenningsnummer', true],
    ['vendor_name', 'Naam', false],
    ['substitute_number', 'Erkenningsnummer vervanger', true],
    ['substitute_name', 'Naam vervanger', false],
    ['valid_from', 'Geldig vanaf', true],
    ['valid_until', 'Geldig tot', false],
  ],
};
const IMPORT_ACTION: Record<ImportKind, string> = {
  markets: 'EditMarkets',
  vendors: 'EditVendors',
  substitutes: 'EditVendors',
  registrations: 'EditRegistrations',
};

function parseNumber(text: string): string | null {
  const t = text.trim();
  const p = t.split('.');
  const digits = p.length === 2 && p[0].length === 8 && p[1].length === 2 ? p.join('') : p.length === 1 ? t : '';
  return /^\d{10}$/.test(digits) ? digits : null;
}
const dotted = (n: string) => `${n.slice(0, 8)}.${n.slice(8)}`;
function parseCellDate(t: string): string | null {
  const nl = /^(\d{2})-(\d{2})-(\d{4})$/.exec(t.trim());
  const iso = nl ? `${nl[3]}-${nl[2]}-${nl[1]}` : t.trim();
  return isDay(iso) ? iso : null;
}

// ── The mock ─────────────────────────────────────────────────────────────────────────────

export function createReports(deps: ReportsDeps): Reports {
  const stepMs = deps.stepMs ?? 12;
  const cache = new Map<string, MarketDay | null>();
  const saved = new Set<string>();
  const running = new Map<string, { cancelled: boolean }>();
  let fine: FineCodes = { ledgerCode: '8190', vatCode: 'V0' };
  /** Market days already exported (`marketId|day`). */
  const exported = new Set<string>();
  const batches: (Batch & { keys: string[] })[] = [];

  function marketDay(m: Market, day: string): MarketDay | null {
    const key = `${m.id}|${day}`;
    if (cache.has(key)) return cache.get(key)!;
    let md: MarketDay | null = null;
    if (day >= HISTORY_FROM && day <= deps.today && deps.heldOn(m, day)) {
      const h = hash(key);
      const [base, spread] = BASE[m.code] ?? [10, 5];
      const permits = Math.max(1, Math.min(m.stallCount || 60, base + (h % (2 * spread + 1)) - spread));
      const kinds: MarketDay['kinds'] = {};
      let lines = 0;
      let incl = 0;
      for (const k of KINDS) {
        const n = Math.round(permits * k.share * (k.share < 1 ? 0.8 + ((h >> 8) % 40) / 100 : 1));
        kinds[k.code] = { lines: n, excl: n * k.excl, vat: n * k.vat };
        lines += n;
        incl += n * (k.excl + k.vat);
      }
      const methods: MarketDay['methods'] = {};
      let left = permits;
      let leftIncl = incl;
      METHODS.forEach((x, i) => {
        const n = i === METHODS.length - 1 ? left : Math.round(permits * x.share);
        const money = i === METHODS.length - 1 ? leftIncl : Math.round((incl * n) / permits);
        methods[x.code] = { permits: n, incl: money };
        left -= n;
        leftIncl -= money;
      });
      md = { marketId: m.id, code: m.code, day, permits, stalls: m.stallCount || 60, kinds, methods, lines, incl };
    }
    cache.set(key, md);
    return md;
  }

  function chosenMarkets(ids: number[]): Market[] {
    const all = deps.markets().sort((a, b) => a.code.localeCompare(b.code));
    const fields = ids
      .map((id, i) => (all.some((m) => m.id === id) ? null : { field: `markets[${i}]`, problem: 'unknown' as const, message: 'onbekende markt' }))
      .filter((f) => f !== null);
    if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    return all.filter((m) => !ids.length || ids.includes(m.id));
  }

  function checkPeriod(from: string | null | undefined, until: string | null | undefined): [string, string] {
    const fields: AppError['fields'] = [];
    if (!from) fields.push({ field: 'from', problem: 'required', message: 'geef een datum' });
    else if (!isDay(from)) fields.push({ field: 'from', problem: 'format', message: 'datum als JJJJ-MM-DD' });
    if (!until) fields.push({ field: 'until', problem: 'required', message: 'geef een datum' });
    else if (!isDay(until)) fields.push({ field: 'until', problem: 'format', message: 'datum als JJJJ-MM-DD' });
    if (!fields.length && until! < from!) fields.push({ field: 'until', problem: 'out_of_range', message: 'de einddatum ligt voor de begindatum' });
    if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    return [from!, until!];
  }

  function save(name: string, bytes: number): SavedFile {
    let fileName = name;
    for (let n = 2; saved.has(fileName); n++) fileName = name.replace(/(\.\w+)$/, `-${n}$1`);
    saved.add(fileName);
    return { fileName, path: `${DOWNLOADS}/${fileName}`, bytes };
  }

  /** Runs `steps` phases of progress as job `job`; throws `cancelled` when cancelled. */
  async function job<T>(name: string, phases: [string, number][], finish: () => T): Promise<T> {
    if (!name || running.has(name)) throw err('conflict', `taak ‘${name}’ loopt al of heeft geen naam`);
    const state = { cancelled: false };
    running.set(name, state);
    try {
      for (const [phase, total] of phases) {
        emit({ job: name, phase, done: 0, total });
        const steps = Math.min(total, 40);
        for (let i = 1; i <= steps; i++) {
          await new Promise((r) => setTimeout(r, stepMs));
          if (state.cancelled) throw err('cancelled', 'afgebroken: er is niets opgeslagen');
          emit({ job: name, phase, done: Math.round((total * i) / steps), total });
        }
      }
      return finish();
    } finally {
      running.delete(name);
    }
  }

  function fakeSha(text: string): string {
    let out = '';
    for (let i = 0; out.length < 64; i++) out += hash(`${text}|${i}`).toString(16).padStart(8, '0');
    return out.slice(0, 64);
  }

  function makeBatch(from: string, until: string, markets: Market[], dialect: Dialect, at: string, madeBy: string): Batch & { keys: string[] } {
    const keys: string[] = [];
    let lines = 0;
    let incl = 0;
    for (const d of days(from, until)) {
      for (const m of markets) {
        const md = marketDay(m, d);
        const key = `${m.id}|${d}`;
        if (!md || exported.has(key)) continue;
        keys.push(key);
        lines += md.lines;
        incl += md.incl;
      }
    }
    const number = batches.length + 1;
    return {
      number,
      from,
      until,
      markets: markets.map((m) => m.code),
      dialect,
      madeBy,
      at,
      lines,
      negative: 0,
      totalInclCents: incl,
      sha256: fakeSha(`${number}|${keys.join(',')}`),
      fileName: `factuurdetail-batch-${String(number).padStart(4, '0')}${dialect === 'rfc' ? '-rfc' : ''}.csv`,
      keys,
    };
  }

  // Two batches made before the mock's today: September and October.
  for (const [from, until, negative] of [
    ['2026-09-01', '2026-09-30', 0],
    ['2026-10-01', '2026-10-31', 3],
  ] as const) {
    const b = makeBatch(from, until, chosenMarkets([]), 'nl', `${until}T16:00:00Z`, 'Fatima el Amrani');
    b.keys.forEach((k) => exported.add(k));
    b.negative = negative;
    b.lines += negative;
    b.totalInclCents -= negative * 1131;
    batches.push(b);
  }

  const strip = ({ keys: _, ...b }: Batch & { keys: string[] }): Batch => ({ ...b, markets: [...b.markets] });

  // ── Reports ────────────────────────────────────────────────────────────────────────────

  const col = (key: string, nl: string, numeric = false): TableColumn => ({ key, nl, numeric });
  const text = (v: string): TableCell => ({ t: 'text', v });
  const int = (v: number): TableCell => ({ t: 'int', v });
  const money = (cents: number): TableCell => ({ t: 'money', cents });
  const EMPTY: TableCell = { t: 'empty' };
  const span = (from: string, until: string) => `${showDate(from)} t/m ${showDate(until)}`;

  function quarterBounds(q: string): [string, string] {
    const m = /^(\d{4})\s*-?\s*[QK]?([1-4])$/i.exec(q.trim());
    if (!m) throw err('invalid', `quarter: ‘${q}’ is geen kwartaal (bijv. 2026-Q4)`, [{ field: 'quarter', problem: 'format', message: `‘${q}’ is geen kwartaal (bijv. 2026-Q4)` }]);
    const y = Number(m[1]);
    const n = Number(m[2]);
    const from = `${y}-${String((n - 1) * 3 + 1).padStart(2, '0')}-01`;
    const until = addDays(n === 4 ? `${y + 1}-01-01` : `${y}-${String(n * 3 + 1).padStart(2, '0')}-01`, -1);
    return [from, until];
  }

  function table(request: ReportRequest): ReportTable {
    deps.actor();
    const markets = chosenMarkets(request.marketIds ?? []);
    const names = markets.map((m) => m.code).join(', ');
    switch (request.report) {
      case 'revenue': {
        const [from, until] = checkPeriod(request.from, request.until);
        const by = request.by === 'week' ? 'week' : request.by === 'day' ? 'day' : 'month';
        const split = request.split ?? 'none';
        const label = (d: string) => (by === 'week' ? isoWeek(d) : by === 'month' ? d.slice(0, 7) : d);
        const rows: TableCell[][] = [];
        const tot = [0, 0, 0, 0];
        for (const m of markets) {
          const groups = new Map<string, [number, number, number, number]>();
          for (const d of days(from, until)) {
            const md = marketDay(m, d);
            if (!md) continue;
            const parts: [string, number, number, number, number][] =
              split === 'kind'
                ? KINDS.map((k) => [`${k.code} (${k.label})`, md.kinds[k.code].lines, md.kinds[k.code].excl, md.kinds[k.code].vat, 0])
                : split === 'method'
                  ? METHODS.map((x) => [x.nl, md.methods[x.code].permits, Math.round(md.methods[x.code].incl * 0.93), 0, md.methods[x.code].incl])
                  : [['', md.permits, 0, 0, md.incl]];
            for (const [part, permits, excl, vat, incl] of parts) {
              const inclusive = split === 'kind' ? excl + vat : incl;
              const exclusive = split === 'method' || split === 'none' ? Math.round(inclusive * 0.93) : excl;
              const key = `${label(d)}|${part}`;
              const g = groups.get(key) ?? [0, 0, 0, 0];
              groups.set(key, [g[0] + permits, g[1] + exclusive, g[2] + (inclusive - exclusive), g[3] + inclusive]);
            }
          }
          for (const [key, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            const [period, part] = key.split('|');
            const row = [text(m.code), text(period)];
            if (split !== 'none') row.push(text(part));
            row.push(int(g[0]), money(g[1]), money(g[2]), money(g[3]));
            rows.push(row);
            for (let i = 0; i < 4; i++) tot[i] += g[i];
          }
        }
        const columns = [col('market', 'Markt'), col('period', 'Periode')];
        if (split === 'kind') columns.push(col('tariff_kind', 'Tariefsoort'));
        if (split === 'method') columns.push(col('payment_method', 'Betaalwijze'));
        columns.push(col('permits', split === 'kind' ? 'Vergunningen met deze soort' : 'Dagvergunningen', true));
        columns.push(col('excl', 'Excl. btw', true), col('vat', 'Btw', true), col('incl', 'Incl. btw', true));
        const totals = [text('Totaal'), EMPTY];
        if (split !== 'none') totals.push(EMPTY);
        totals.push(split === 'kind' ? EMPTY : int(tot[0]), money(tot[1]), money(tot[2]), money(tot[3]));
        const byNl = by === 'week' ? 'week' : by === 'day' ? 'dag' : 'maand';
        const splitNl = split === 'kind' ? ' en tariefsoort' : split === 'method' ? ' en betaalwijze' : '';
        return {
          title: `Opbrengst per markt, ${byNl}${splitNl}`,
          subtitle: `${names}; ${span(from, until)}; factuurregels van geldige dagvergunningen (doorgehaalde niet)`,
          columns,
          rows,
          totals,
        };
      }
      case 'occupancy': {
        const [from, until] = checkPeriod(request.from, request.until);
        const week = request.by === 'week';
        const rows: TableCell[][] = [];
        let avail = 0;
        let used = 0;
        for (const m of markets) {
          const groups = new Map<string, [number, number, number]>();
          for (const d of days(from, until)) {
            const md = marketDay(m, d);
            if (!md) continue;
            const key = week ? isoWeek(d) : d;
            const g = groups.get(key) ?? [0, 0, 0];
            groups.set(key, [g[0] + 1, g[1] + md.stalls, g[2] + Math.min(md.stalls, md.permits)]);
          }
          for (const [period, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            rows.push([text(m.code), week ? text(period) : { t: 'date', v: period }, int(g[0]), int(g[1]), int(g[2]), { t: 'percent', hundredths: Math.round((g[2] * 10000) / g[1]) }]);
            avail += g[1];
            used += g[2];
          }
        }
        return {
          title: `Bezetting per ${week ? 'week' : 'marktdag'}`,
          subtitle: `${names}; ${span(from, until)}; bezet: plaatsen op geldige dagvergunningen; beschikbaar: actieve plaatsen die niet geblokkeerd zijn`,
          columns: [
            col('market', 'Markt'),
            col('period', week ? 'Periode' : 'Datum'),
            col('market_days', 'Marktdagen', true),
            col('available', 'Beschikbaar', true),
            col('used', 'Bezet', true),
            col('occupancy_percent', 'Bezetting %', true),
          ],
          rows,
          totals: [text('Totaal'), EMPTY, EMPTY, int(avail), int(used), { t: 'percent', hundredths: avail ? Math.round((used * 10000) / avail) : 0 }],
        };
      }
      case 'obligation':
      case 'applicants': {
        const obligation = request.report === 'obligation';
        let period: [string, string];
        let what: string;
        if (obligation) {
          period = quarterBounds(request.quarter ?? '');
          what = `kwartaal ${request.quarter}`;
        } else {
          const m = /^(\d{4})\s*[/-]\s*(\d{4})$/.exec((request.year ?? '').trim());
          if (!m || Number(m[2]) !== Number(m[1]) + 1) {
            const message = `‘${request.year ?? ''}’ is geen marktjaar (bijv. 2025/2026)`;
            throw err('invalid', `year: ${message}`, [{ field: 'year', problem: 'format', message }]);
          }
          period = [`${m[1]}-10-01`, `${m[2]}-09-30`];
          what = `marktjaar ${m[1]}/${m[2]}`;
        }
        const rows: TableCell[][] = [];
        let met = 0;
        for (const m of markets) {
          const regs = deps
            .registrations()
            .filter((r) => r.marketId === m.id && !r.voided && (obligation ? r.status !== 'soll' : r.status === 'soll'))
            .sort((a, b) => a.listNumber - b.listNumber);
          for (const r of regs) {
            const v = deps.vendors.find((x) => x.id === r.vendorId);
            if (!v) continue;
            const h = hash(`${m.id}|${r.vendorId}|${period[0]}`);
            const name = [v.initials, v.infix, v.surname].filter(Boolean).join(' ');
            if (obligation) {
              const held = m.kind === 'seizoen' ? 9 : 13;
              const present = held - (h % 7 === 0 ? 4 + (h % 3) : h % 3);
              const required = Math.ceil((held * 10) / 13);
              const ok = present >= required;
              met += ok ? 1 : 0;
              rows.push([text(m.code), int(r.listNumber), text(dotted(v.registrationNumber)), text(name), text(r.status), int(held), int(present), int(required), { t: 'bool', v: ok }, int(Math.max(0, required - present))]);
            } else {
              const permits = h % 11;
              met += permits >= 4 ? 1 : 0;
              rows.push([text(m.code), int(r.listNumber), text(dotted(v.registrationNumber)), text(name), int(permits), { t: 'bool', v: permits >= 4 }]);
            }
          }
        }
        if (obligation) {
          return {
            title: `Staanverplichting vaste plaatshouders ${what}`,
            subtitle: `${names}; ${span(period[0], period[1])}; een week telt met ≥ 3 vergunningen op een dagmarkt, ≥ 1 op een weekmarkt; vereist: 10 van elke 13 gehouden weken`,
            columns: [
              col('market', 'Markt'),
              col('list_number', 'Sollicitatienummer', true),
              col('registration_number', 'Erkenningsnummer'),
              col('vendor_name', 'Naam'),
              col('status', 'Status'),
              col('weeks_held', 'Weken gehouden', true),
              col('weeks_present', 'Weken aanwezig', true),
              col('weeks_required', 'Vereist', true),
              col('met', 'Voldaan'),
              col('short', 'Tekort', true),
            ],
            rows,
            totals: [text('Totaal'), int(rows.length), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, int(met), EMPTY],
          };
        }
        return {
          title: `Staanverplichting sollicitanten ${what}`,
          subtitle: `${names}; ${span(period[0], period[1])}; voldaan met ≥ 4 dagvergunningen`,
          columns: [
            col('market', 'Markt'),
            col('list_number', 'Sollicitatienummer', true),
            col('registration_number', 'Erkenningsnummer'),
            col('vendor_name', 'Naam'),
            col('permits', 'Dagvergunningen', true),
            col('met', 'Voldaan'),
          ],
          rows,
          totals: [text('Totaal'), int(rows.length), EMPTY, EMPTY, EMPTY, int(met)],
        };
      }
      case 'multiple': {
        const [from, until] = checkPeriod(request.from, request.until);
        const rows: TableCell[][] = [];
        for (const d of days(from, until)) {
          const held = markets.filter((m) => marketDay(m, d));
          if (held.length < 2 || hash(d) % 3 !== 0) continue;
          const v = deps.vendors[hash(`${d}|v`) % deps.vendors.length];
          rows.push([{ t: 'date', v: d }, text(dotted(v.registrationNumber)), text([v.initials, v.infix, v.surname].filter(Boolean).join(' ')), int(2), text(held.slice(0, 2).map((m) => m.code).join(', ')), text(`${d.replaceAll('-', '')}-01, ${d.replaceAll('-', '')}-02`)]);
        }
        return {
          title: 'Meervoudig staan',
          subtitle: `${names}; ${span(from, until)}; ondernemers met meer dan één geldige dagvergunning op een dag`,
          columns: [
            col('date', 'Datum'),
            col('registration_number', 'Erkenningsnummer'),
            col('vendor_name', 'Naam'),
            col('permits', 'Dagvergunningen', true),
            col('markets', 'Markten'),
            col('invoice_numbers', 'Factuurnummers'),
          ],
          rows,
          totals: [text('Totaal'), int(rows.length), EMPTY, int(rows.length * 2), EMPTY, EMPTY],
        };
      }
      case 'tickets': {
        const [from, until] = checkPeriod(request.from, request.until);
        const VIOLATIONS: [string, string, number][] = [
          ['V01', 'Niet persoonlijk aanwezig zonder toestemming', 7500],
          ['V02', 'Kraam buiten de toegewezen plaats of te groot', 5000],
          ['V03', 'Afval achtergelaten', 10000],
        ];
        const rows: TableCell[][] = [];
        const tot = Array(9).fill(0);
        const n = days(from, until).length;
        for (const m of markets) {
          for (const [code, description, amount] of VIOLATIONS) {
            const h = hash(`${m.id}|${code}|${from}|${until}`);
            const tickets = Math.round((n / 30) * (h % 6));
            if (!tickets) continue;
            const warnings = code === 'V01' ? Math.ceil(tickets / 2) : 0;
            const fines = tickets - warnings;
            const paidN = Math.floor(fines * 0.6);
            const open = fines - paidN;
            const overdue = Math.floor(open / 2);
            const values = [tickets, warnings, fines, fines * amount, paidN * amount, open, open * amount, overdue, overdue * amount];
            rows.push([text(m.code), text(code), text(description), int(values[0]), int(values[1]), int(values[2]), money(values[3]), money(values[4]), int(values[5]), money(values[6]), int(values[7]), money(values[8])]);
            values.forEach((v, i) => (tot[i] += v));
          }
        }
        return {
          title: 'Bonnen: open en te laat, per overtreding en markt',
          subtitle: `${names}; ${span(from, until)}; concepten en vervallen bonnen tellen niet; open: uitgereikt, in bezwaar of bezwaar afgewezen en niet (helemaal) betaald; te laat: op ${showDate(deps.today)} over de betaaldatum`,
          columns: [
            col('market', 'Markt'),
            col('violation', 'Overtreding'),
            col('description', 'Omschrijving'),
            col('tickets', 'Bonnen', true),
            col('warnings', 'Waarschuwingen', true),
            col('fines', 'Boetes', true),
            col('fined', 'Boetebedrag', true),
            col('paid', 'Betaald', true),
            col('open', 'Open', true),
            col('open_amount', 'Open bedrag', true),
            col('overdue', 'Te laat', true),
            col('overdue_amount', 'Te laat bedrag', true),
          ],
          rows,
          totals: [text('Totaal'), EMPTY, EMPTY, int(tot[0]), int(tot[1]), int(tot[2]), money(tot[3]), money(tot[4]), int(tot[5]), money(tot[6]), int(tot[7]), money(tot[8])],
        };
      }
      default:
        throw err('invalid', `report: onbekend overzicht ‘${request.report}’`, [{ field: 'report', problem: 'unknown', message: `onbekend overzicht ‘${request.report}’` }]);
    }
  }

  function fileOf(t: ReportTable, ext: string): string {
    const slug = t.title
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return `overzicht-${slug}.${ext}`;
  }

  // ── Imports ────────────────────────────────────────────────────────────────────────────

  function runImport(kind: ImportKind, bytes: Uint8Array, dryRun: boolean): ImportResult {
    const report: ImportResult = {
      kind,
      dryRun,
      encoding: null,
      separator: null,
      lines: 0,
      errors: [],
      ignoredColumns: [],
      added: [],
      changed: [],
      unchanged: [],
      applied: false,
    };
    const fail = (line: number, column: string, reason: string) => report.errors.push({ line, column, reason });
    if (bytes[0] === 0xff || bytes[0] === 0xfe) {
      fail(1, '', 'het bestand is UTF-16 ("Unicode-tekst"): sla het op als CSV UTF-8');
      return report;
    }
    const { text, encoding } = decode(bytes);
    report.encoding = encoding;
    const sep = detectSeparator(text);
    report.separator = sep;
    const records = parseCsv(text, sep);
    if (!records.length) {
      fail(1, '', 'het bestand is leeg');
      return report;
    }
    const header = records[0].cells.map((h) => h.trim());
    const columns = IMPORT_COLUMNS[kind];
    const index: Record<string, number> = {};
    const named: Record<string, string> = {};
    header.forEach((h, i) => {
      const c = columns.find(([key, nl]) => key === h.toLowerCase() || nl.toLowerCase() === h.toLowerCase());
      if (c) {
        index[c[0]] = i;
        named[c[0]] = h;
      } else report.ignoredColumns.push(h);
    });
    for (const [key, nl, required] of columns) {
      if (required && index[key] === undefined) fail(1, '', `de kolom ‘${nl}’ (${key}) ontbreekt`);
    }
    if (report.errors.length) return report;
    const rows = records.slice(1);
    report.lines = rows.length;
    const seen = new Map<string, number>();
    const get = (cells: string[], key: string) => (index[key] === undefined ? '' : (cells[index[key]] ?? '').trim());
    const apply: (() => void)[] = [];
    for (const { line, cells } of rows) {
      const bad = (key: string, reason: string) => fail(line, named[key] ?? key, reason);
      const before = report.errors.length;
      if (kind === 'vendors') {
        const raw = get(cells, 'registration_number');
        const number = parseNumber(raw);
        if (!number) bad('registration_number', `‘${raw}’ is geen erkenningsnummer (10 cijfers, bijv. 19570810.02)`);
        else if (seen.has(number)) {
          bad('registration_number', `${dotted(number)} staat al op regel ${seen.get(number)}`);
          continue;
        } else seen.set(number, line);
        const surname = get(cells, 'surname');
        if (!surname) bad('surname', 'verplicht veld');
        const email = get(cells, 'email');
        if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) bad('email', 'geen geldig e-mailadres');
        const phone = get(cells, 'phone');
        if (!/^[\d +\-()]*$/.test(phone)) bad('phone', 'alleen cijfers, spaties en + - ( )');
        const status = get(cells, 'status').replace(' ', '_') || 'actief';
        if (!['actief', 'wachtend', 'alleen_vervanger', 'verwijderd'].includes(status)) {
          bad('status', `onbekende status ‘${get(cells, 'status')}’ (actief, wachtend, alleen_vervanger, verwijderd)`);
        }
        const untilText = get(cells, 'enforcement_until');
        const until = untilText ? parseCellDate(untilText) : null;
        if (untilText && !until) bad('enforcement_until', `‘${untilText}’ is geen datum (dd-mm-jjjj of jjjj-mm-dd)`);
        if (report.errors.length > before || !number) continue;
        const input = {
          registrationNumber: number,
          initials: get(cells, 'initials'),
          infix: get(cells, 'infix'),
          surname,
          email,
          phone,
          passId: get(cells, 'pass_id'),
          status,
          enforcementUntil: until,
        };
        const existing = deps.vendors.find((v) => v.registrationNumber === number);
        const key = dotted(number);
        if (!existing) {
          report.added.push(key);
          apply.push(() => void deps.saveVendor({ id: null, input }));
        } else {
          const same =
            existing.initials === input.initials &&
            existing.infix === input.infix &&
            existing.surname === input.surname &&
            existing.email === input.email &&
            existing.phone === input.phone &&
            existing.passId === input.passId &&
            existing.status === input.status &&
            existing.enforcementUntil === input.enforcementUntil;
          if (same) report.unchanged.push(key);
          else {
            report.changed.push(key);
            apply.push(() => void deps.saveVendor({ id: existing.id, input }));
          }
        }
      } else {
        // The other kinds: the required cells and the references, checked as the core does.
        for (const [key, , required] of columns) if (required && !get(cells, key)) bad(key, 'verplicht veld');
        let key = '';
        if (kind === 'registrations' || kind === 'markets') {
          const code = get(cells, 'market');
          const known = deps.markets().some((m) => m.code === code);
          if (kind === 'registrations' && code && !known) bad('market', `onbekende markt ‘${code}’`);
          key = code;
        }
        for (const field of kind === 'markets' ? [] : kind === 'substitutes' ? ['registration_number', 'substitute_number'] : ['registration_number']) {
          const raw = get(cells, field);
          const n = parseNumber(raw);
          if (raw && !n) bad(field, `‘${raw}’ is geen erkenningsnummer (10 cijfers, bijv. 19570810.02)`);
          else if (n && !deps.vendors.some((v) => v.registrationNumber === n)) bad(field, `geen ondernemer met erkenningsnummer ${dotted(n)}`);
          if (n) key = `${key} ${dotted(n)}`.trim();
        }
        if (kind === 'registrations') {
          const list = get(cells, 'list_number');
          if (list && !/^\d+$/.test(list)) bad('list_number', `‘${list}’ is geen getal`);
        }
        if (kind === 'substitutes' && get(cells, 'valid_from') && !parseCellDate(get(cells, 'valid_from'))) {
          bad('valid_from', `‘${get(cells, 'valid_from')}’ is geen datum (dd-mm-jjjj of jjjj-mm-dd)`);
        }
        if (kind === 'markets' && get(cells, 'stall')) key = `${key} ${get(cells, 'stall')}`;
        if (report.errors.length > before) continue;
        if (seen.has(key)) {
          fail(line, '', `${key} staat al op regel ${seen.get(key)}`);
          continue;
        }
        seen.set(key, line);
        report.added.push(key);
      }
    }
    if (!report.errors.length && !dryRun) {
      apply.forEach((f) => f());
      report.applied = true;
    }
    return report;
  }

  const LIST_NAMES: Record<ListKind, string> = {
    vendors: 'ondernemers',
    registrations: 'sollicitaties',
    markets: 'markten-en-plaatsen',
    substitutes: 'vervangers',
    permits: 'dagvergunningen',
    tickets: 'bonnen',
    attendance: 'aanmeldingen',
  };

  return {
    async financeExport({ request, job: name }) {
      const s = deps.actor('ExportFinance');
      const dialects: Dialect[] = ['nl', 'rfc'];
      const fields: AppError['fields'] = [];
      try {
        checkPeriod(request.from, request.until);
      } catch (e) {
        fields.push(...(e as AppError).fields);
      }
      if (!dialects.includes(request.dialect)) fields.push({ field: 'dialect', problem: 'unknown', message: `onbekend dialect ‘${request.dialect}’ (nl, rfc)` });
      if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
      const markets = chosenMarkets(request.marketIds);
      const n = days(request.from!, request.until!).length;
      const preview = makeBatch(request.from!, request.until!, markets, request.dialect, '', s.displayName);
      return job(name, [['regels kiezen', n + 1], ['bestand schrijven', Math.max(1, preview.lines)]], () => {
        const b = makeBatch(request.from!, request.until!, markets, request.dialect, new Date().toISOString(), s.displayName);
        b.keys.forEach((k) => exported.add(k));
        batches.push(b);
        return { batch: strip(b), file: save(b.fileName, 180 + b.lines * 150) };
      });
    },
    async rerunBatch({ number, job: name }) {
      deps.actor('ExportFinance');
      const b = batches.find((x) => x.number === number);
      if (!b) throw err('not_found', `batch niet gevonden: ${number}`);
      return job(name, [['bestand schrijven', Math.max(1, b.lines)]], () => ({ batch: strip(b), file: save(b.fileName, 180 + b.lines * 150) }));
    },
    async financeBatches() {
      deps.actor();
      return batches.map(strip).reverse();
    },
    async fineCodes() {
      deps.actor();
      return { ...fine };
    },
    async setFineCodes({ codes }) {
      deps.actor('EditTariffs');
      const fields: AppError['fields'] = [];
      if (codes.ledgerCode.trim().length > 20) fields.push({ field: 'ledger_code', problem: 'too_long', message: 'te lang (hoogstens 20 tekens)' });
      if (codes.vatCode.trim().length > 20) fields.push({ field: 'vat_code', problem: 'too_long', message: 'te lang (hoogstens 20 tekens)' });
      if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
      fine = { ledgerCode: codes.ledgerCode.trim(), vatCode: codes.vatCode.trim() };
    },
    async exportList({ request, job: name }) {
      deps.actor();
      const period = ['permits', 'tickets', 'attendance'].includes(request.kind);
      if (!LIST_NAMES[request.kind]) {
        throw err('invalid', `kind: onbekende export ‘${request.kind}’`, [{ field: 'kind', problem: 'unknown', message: `onbekende export ‘${request.kind}’` }]);
      }
      let when = deps.today;
      let rows = 0;
      if (period) {
        if (!request.from) throw err('invalid', 'from: geef de eerste dag', [{ field: 'from', problem: 'required', message: 'geef de eerste dag' }]);
        const [from, until] = checkPeriod(request.from, request.until || request.from);
        when = from === until ? from : `${from}-${until}`;
        for (const d of days(from, until)) for (const m of chosenMarkets(request.marketIds)) rows += marketDay(m, d)?.permits ?? 0;
        if (request.kind === 'tickets') rows = Math.round(rows / 40);
      } else {
        rows = request.kind === 'vendors' ? deps.vendors.length : request.kind === 'registrations' ? deps.registrations().length : 200;
      }
      const file = `${LIST_NAMES[request.kind]}-${when}${request.dialect === 'rfc' ? '-rfc' : ''}.csv`;
      return job(name, [[request.kind, Math.max(1, rows)]], () => ({ kind: request.kind, rows, file: save(file, 100 + rows * 90) }));
    },
    async runImport({ kind, bytes, dryRun, job: name }) {
      if (!IMPORT_COLUMNS[kind]) {
        throw err('invalid', `kind: onbekende import ‘${kind}’`, [{ field: 'kind', problem: 'unknown', message: `onbekende import ‘${kind}’` }]);
      }
      deps.actor(IMPORT_ACTION[kind]);
      const data = Uint8Array.from(bytes);
      const lines = Math.max(1, data.filter((b) => b === 10).length);
      return job(name, [['regels lezen', lines]], () => runImport(kind, data, dryRun));
    },
    async reportFigures({ request }) {
      return table(request);
    },
    async reportCsv({ request, dialect }) {
      const t = table(request);
      return save(fileOf(t, 'csv').replace(/\.csv$/, dialect === 'rfc' ? '-rfc.csv' : '.csv'), 200 + t.rows.length * 60);
    },
    async reportPdf({ request }) {
      const t = table(request);
      return save(fileOf(t, 'pdf'), 9000 + t.rows.length * 120);
    },
    async openFile({ path }) {
      deps.actor();
      if (!saved.has(path.replace(`${DOWNLOADS}/`, ''))) throw err('not_found', `${path} is geen bestand dat Marktkantoor net bewaarde`);
    },
    async openFolder({ path }) {
      deps.actor();
      if (!saved.has(path.replace(`${DOWNLOADS}/`, ''))) throw err('not_found', `${path} is geen bestand dat Marktkantoor net bewaarde`);
    },
    async cancelJob({ job: name }) {
      const j = running.get(name);
      if (!j) return false;
      j.cancelled = true;
      return true;
    },
  };
}

