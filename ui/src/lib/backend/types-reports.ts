// The contract of Rapporten: the finance export's batches, list exports, imports, the reports
// as tables, saved files and progress (src-tauri/src/dto/data.rs mirrors it).

export type Dialect = 'nl' | 'rfc';

/** A file the app wrote for the clerk, in the Downloads folder. */
export interface SavedFile {
  fileName: string;
  /** The full path, to show and to open through `openFile` / `openFolder`. */
  path: string;
  bytes: number;
}

// ── Finance export ───────────────────────────────────────────────────────────────────────

export interface FinanceExportRequest {
  from: string | null;
  until: string | null;
  /** Empty: all markets. */
  marketIds: number[];
  dialect: Dialect;
}

/** A numbered batch as kept: what it covered and holds. */
export interface Batch {
  number: number;
  from: string;
  until: string;
  /** Market codes. */
  markets: string[];
  dialect: Dialect;
  madeBy: string;
  /** ISO UTC instant. */
  at: string;
  lines: number;
  /** Of which negative: corrections of lines exported before. */
  negative: number;
  totalInclCents: number;
  sha256: string;
  /** `factuurdetail-batch-0007.csv`. */
  fileName: string;
}

export interface ExportedBatch {
  batch: Batch;
  file: SavedFile;
}

/** The ledger and VAT code of ticket fines (administrator). */
export interface FineCodes {
  ledgerCode: string;
  vatCode: string;
}

// ── List exports ─────────────────────────────────────────────────────────────────────────

export type ListKind = 'vendors' | 'registrations' | 'markets' | 'substitutes' | 'permits' | 'tickets' | 'attendance';

/** The lists of a period (a day is a period of one day); the rest are the master data now. */
export const PERIOD_LISTS: ListKind[] = ['permits', 'tickets', 'attendance'];
/** The lists that can be limited to markets. */
export const MARKET_LISTS: ListKind[] = ['registrations', 'markets', 'permits', 'tickets', 'attendance'];

export interface ListExportRequest {
  kind: ListKind;
  from: string | null;
  until: string | null;
  marketIds: number[];
  dialect: Dialect;
}

export interface ExportedList {
  kind: ListKind;
  rows: number;
  file: SavedFile;
}

// ── Imports ──────────────────────────────────────────────────────────────────────────────

export type ImportKind = 'markets' | 'vendors' | 'registrations' | 'substitutes';

/** One bad line: the line in the file (1 is the header), the column as the header names it
 * (empty for the whole line), the reason in Dutch. */
export interface LineError {
  line: number;
  column: string;
  reason: string;
}

export interface ImportResult {
  kind: ImportKind;
  dryRun: boolean;
  /** null when the file could not be read at all. */
  encoding: 'utf8' | 'utf8_bom' | 'latin1' | null;
  /** `;`, `,` or a tab. */
  separator: string | null;
  /** Data lines read (the header not counted). */
  lines: number;
  /** Every bad line; nothing is stored when there is one. */
  errors: LineError[];
  ignoredColumns: string[];
  /** Keys of what was (or, in a dry run, would be) added, changed, left as it was. */
  added: string[];
  changed: string[];
  unchanged: string[];
  applied: boolean;
}

// ── Reports ──────────────────────────────────────────────────────────────────────────────

export type ReportKind = 'obligation' | 'applicants' | 'multiple' | 'occupancy' | 'revenue' | 'tickets';

/** Which report, about what; each report reads the fields it needs. */
export interface ReportRequest {
  report: ReportKind;
  marketIds: number[];
  /** obligation: `2026-Q4`. */
  quarter?: string | null;
  /** applicants: `2025/2026` (October–September). */
  year?: string | null;
  from?: string | null;
  until?: string | null;
  /** occupancy: day | week; revenue: week | month. */
  by?: 'day' | 'week' | 'month' | null;
  /** revenue: none | kind (tariff kind) | method (payment method). */
  split?: 'none' | 'kind' | 'method' | null;
}

/** A cell with its type; `format.ts` shows it. */
export type TableCell =
  | { t: 'text'; v: string }
  | { t: 'int'; v: number }
  | { t: 'money'; cents: number }
  | { t: 'percent'; hundredths: number }
  | { t: 'date'; v: string }
  | { t: 'instant'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'empty' };

export interface TableColumn {
  /** snake_case: what labels and charts key on. */
  key: string;
  /** The Dutch header. */
  nl: string;
  numeric: boolean;
}

/** A report: title, subtitle (markets; period; how it counts), columns, rows, totals. */
export interface ReportTable {
  title: string;
  subtitle: string;
  columns: TableColumn[];
  rows: TableCell[][];
  totals: TableCell[] | null;
}

// ── Progress ─────────────────────────────────────────────────────────────────────────────

/** How far a long job (an export, an import) is; `total` null when unknown. */
export interface JobProgress {
  job: string;
  phase: string;
  done: number;
  total: number | null;
}
