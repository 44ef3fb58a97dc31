// Rapporten's own logic, without a screen: which tabs a session sees, the periods offered,
// whether an import may be applied, and a report table turned into a chart. No rules of the
// office: the core decides what each report counts; this only draws what it answers.
import type { ImportResult, ReportTable, Session, TableCell } from '$lib/backend/contract';
import type { ImportKind, ListKind, ReportKind } from '$lib/vocabulary';
import { addDays } from '$lib/format';
import { can } from '$lib/permissions';

export type ReportsTab = 'financieel' | 'exporteren' | 'importeren' | 'overzichten';

/** The tabs and what each needs: the finance export ExportFinance, imports a form's role,
 *  exports and reports any list or report the session may read. */
export function reportTabs(session: Session | null): ReportsTab[] {
  const tabs: ReportsTab[] = [];
  if (can(session, 'ExportFinance')) tabs.push('financieel');
  if (listKinds(session).length) tabs.push('exporteren');
  if (importKinds(session).length) tabs.push('importeren');
  if (reportKinds(session).length) tabs.push('overzichten');
  return tabs;
}

/** The read action each list export needs (the core's `ListKind::action`; it refuses the
 *  rest anyway): vendor lists carry e-mail addresses and phone numbers, finance gets markets
 *  and permits. */
export const LIST_ACTION: Record<ListKind, string> = {
  vendors: 'ReadVendors',
  registrations: 'ReadVendors',
  markets: 'ReadMasterData',
  substitutes: 'ReadVendors',
  permits: 'ReadFinance',
  tickets: 'ReadMarketDay',
  attendance: 'ReadVendors',
};

const LIST_KINDS: ListKind[] = ['vendors', 'registrations', 'markets', 'substitutes', 'permits', 'tickets', 'attendance'];

export function listKinds(session: Session | null): ListKind[] {
  return LIST_KINDS.filter((k) => can(session, LIST_ACTION[k]));
}

/** The read action each report needs (the core's `figures::action_of`). */
export const REPORT_ACTION: Record<ReportKind, string> = {
  revenue: 'ReadFinance',
  occupancy: 'ReadMarketDay',
  obligation: 'ReadVendors',
  applicants: 'ReadVendors',
  multiple: 'ReadVendors',
  tickets: 'ReadFinance',
};

const REPORT_KINDS: ReportKind[] = ['revenue', 'occupancy', 'obligation', 'applicants', 'multiple', 'tickets'];

export function reportKinds(session: Session | null): ReportKind[] {
  return REPORT_KINDS.filter((k) => can(session, REPORT_ACTION[k]));
}

/** The action each import needs (the forms' roles; the core refuses the rest anyway). */
export const IMPORT_ACTION: Record<ImportKind, string> = {
  vendors: 'EditVendors',
  registrations: 'EditRegistrations',
  substitutes: 'EditVendors',
  markets: 'EditMarkets',
};

export function importKinds(session: Session | null): ImportKind[] {
  return (['vendors', 'registrations', 'substitutes', 'markets'] as ImportKind[]).filter((k) => can(session, IMPORT_ACTION[k]));
}

/** The previous calendar month of `today`: the finance export's usual period. */
export function lastMonth(today: string): [string, string] {
  const first = `${today.slice(0, 7)}-01`;
  const until = addDays(first, -1);
  return [`${until.slice(0, 7)}-01`, until];
}

/** The quarter of `today` and the seven before it, newest first: `2026-Q4`. */
export function quarters(today: string): string[] {
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

/** The market years (October–September) around `today`, newest first: `2026/2027`. */
export function marketYears(today: string): string[] {
  const y = Number(today.slice(0, 4));
  const start = Number(today.slice(5, 7)) >= 10 ? y : y - 1;
  return [0, 1, 2, 3].map((i) => `${start - i}/${start - i + 1}`);
}

/**
 * Whether "Toepassen" may be pressed: only after a dry run of exactly this file and kind
 * that found no bad line. The core checks again when applying (all or nothing).
 */
export function mayApply(dry: ImportResult | null, checked: string | null, current: string | null): boolean {
  return !!dry && dry.dryRun && dry.errors.length === 0 && dry.encoding !== null && checked !== null && checked === current;
}

/** What identifies a chosen file for `mayApply`: kind, name, size and last change. */
export function fileKey(kind: string, file: { name: string; size: number; lastModified: number } | null): string | null {
  return file ? `${kind}|${file.name}|${file.size}|${file.lastModified}` : null;
}

/** A job's name: unique for this window. */
let jobs = 0;
export function jobName(what: string): string {
  jobs += 1;
  return `${what}-${Date.now().toString(36)}-${jobs}`;
}

// ── Charts ───────────────────────────────────────────────────────────────────────────────

export interface ChartSpec {
  type: 'bar' | 'line';
  stacked: boolean;
  /** The x axis. */
  labels: string[];
  /** Series; a label that is an i18n key starts with `reports.`. */
  datasets: { label: string; data: number[] }[];
  /** How the y axis reads. */
  unit: 'euro' | 'percent' | 'count';
}

function col(t: ReportTable, key: string): number {
  return t.columns.findIndex((c) => c.key === key);
}

function num(c: TableCell | undefined): number {
  if (!c) return 0;
  switch (c.t) {
    case 'int':
      return c.v;
    case 'money':
      return c.cents / 100;
    case 'percent':
      return c.hundredths / 100;
    default:
      return 0;
  }
}

function txt(c: TableCell | undefined): string {
  if (!c) return '';
  if (c.t === 'text' || c.t === 'date') return c.v;
  return '';
}

/** Rows summed into series: `x` the label along the axis, `series` the stack or line. */
const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/**
 * The time order of the core's period labels: `aug 2026`, `week 36` (one ISO year) or
 * `week 1 2027`, an ISO day; anything else after them, alphabetically.
 */
export function periodOrder(label: string): [number, number, string] {
  const month = /^([a-z]{3}) (\d{4})$/.exec(label);
  if (month && MONTHS.includes(month[1])) return [Number(month[2]) * 100 + MONTHS.indexOf(month[1]), 0, ''];
  const week = /^week (\d{1,2})(?: (\d{4}))?$/.exec(label);
  if (week) return [Number(week[2] ?? 0) * 100 + Number(week[1]), 0, ''];
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (day) return [Number(day[1]) * 10000 + Number(day[2]) * 100 + Number(day[3]), 0, ''];
  return [Number.MAX_SAFE_INTEGER, 1, label];
}

function byPeriod(a: string, b: string): number {
  const [x, y] = [periodOrder(a), periodOrder(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
}

function pivot(t: ReportTable, x: (r: TableCell[]) => string, series: (r: TableCell[]) => string, value: (r: TableCell[]) => number) {
  const labels = [...new Set(t.rows.map(x))].sort(byPeriod);
  const names = [...new Set(t.rows.map(series))].sort();
  const data = new Map(names.map((n) => [n, labels.map(() => 0)]));
  for (const r of t.rows) data.get(series(r))![labels.indexOf(x(r))] += value(r);
  return { labels, datasets: names.map((n) => ({ label: n, data: data.get(n)!.map((v) => Math.round(v * 100) / 100) })) };
}

/**
 * A report as a chart: revenue as stacked bars (by tariff kind, payment method or market),
 * occupancy as a line per market, the obligation (and the applicants) as bars of met and
 * not met per market, multiple permits as bars per day, tickets as stacked bars of open,
 * overdue and settled per market and violation. Null when there is nothing to draw.
 */
export function chartOf(kind: ReportKind, t: ReportTable): ChartSpec | null {
  if (!t.rows.length) return null;
  const market = col(t, 'market');
  switch (kind) {
    case 'revenue': {
      const period = col(t, 'period');
      const part = Math.max(col(t, 'tariff_kind'), col(t, 'payment_method'));
      const incl = col(t, 'incl');
      // "Per markt" in the title: a split by kind or method stays split by market too.
      const several = new Set(t.rows.map((r) => txt(r[market]))).size > 1;
      const p = pivot(
        t,
        (r) => txt(r[period]),
        (r) => (part < 0 ? txt(r[market]) : several ? `${txt(r[market])} · ${txt(r[part])}` : txt(r[part])),
        (r) => num(r[incl]),
      );
      return { type: 'bar', stacked: true, ...p, unit: 'euro' };
    }
    case 'occupancy': {
      const period = col(t, 'period');
      const pct = col(t, 'occupancy_percent');
      const p = pivot(
        t,
        (r) => txt(r[period]),
        (r) => txt(r[market]),
        (r) => num(r[pct]),
      );
      return { type: 'line', stacked: false, ...p, unit: 'percent' };
    }
    case 'obligation':
    case 'applicants': {
      const met = col(t, 'met');
      const labels = [...new Set(t.rows.map((r) => txt(r[market])))].sort();
      const count = (ok: boolean) => labels.map((m) => t.rows.filter((r) => txt(r[market]) === m && r[met]?.t === 'bool' && r[met].v === ok).length);
      return {
        type: 'bar',
        stacked: true,
        labels,
        datasets: [
          { label: 'reports.chart.met', data: count(true) },
          { label: 'reports.chart.notMet', data: count(false) },
        ],
        unit: 'count',
      };
    }
    case 'multiple': {
      const date = col(t, 'date');
      const p = pivot(
        t,
        (r) => txt(r[date]),
        () => 'reports.chart.vendors',
        () => 1,
      );
      return { type: 'bar', stacked: false, ...p, unit: 'count' };
    }
    case 'tickets': {
      const [violation, open, overdue, tickets] = ['violation', 'open', 'overdue', 'tickets'].map((k) => col(t, k));
      const labels = t.rows.map((r) => `${txt(r[market])} ${txt(r[violation])}`);
      return {
        type: 'bar',
        stacked: true,
        labels,
        datasets: [
          { label: 'reports.chart.overdue', data: t.rows.map((r) => num(r[overdue])) },
          { label: 'reports.chart.openNotOverdue', data: t.rows.map((r) => num(r[open]) - num(r[overdue])) },
          { label: 'reports.chart.settled', data: t.rows.map((r) => num(r[tickets]) - num(r[open])) },
        ],
        unit: 'count',
      };
    }
  }
}
