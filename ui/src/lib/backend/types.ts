// The contract between the UI and the app's Rust side (src-tauri/src/dto.rs mirrors it).
// Money crosses as integer cents (numbers) and is formatted only in lib/format.ts; what a
// clerk types as money is sent as the typed text ("2,46") and the core parses it, so the
// core's field errors reach the form. Dates are ISO days ("2026-11-27"); instants are ISO
// UTC strings, shown in Europe/Amsterdam.

export type Role = 'admin' | 'senior' | 'supervisor' | 'finance';

/** An error from the core: branch on `code`, never on `message`. */
export interface AppError {
  code: string; // forbidden | invalid | not_found | conflict | login_failed | account_locked | no_tariff_plan | not_logged_in | session_expired | schema_too_new | foreign_database | database | ...
  message: string; // Dutch, for people
  fields: FieldError[]; // with code "invalid": one per bad field
}

export interface FieldError {
  field: string; // as the form names it: "code", "stalls[2].number", "rates[0]"
  problem: 'required' | 'format' | 'too_long' | 'out_of_range' | 'duplicate' | 'unknown' | 'conflict';
  message: string;
}

/** A code with its labels (statuses, presence values, units, ...). */
export interface Code {
  code: string;
  nl: string;
  en: string;
}

export interface Codes {
  marketKinds: Code[];
  vendorStatuses: Code[];
  registrationStatuses: Code[];
  permitStatuses: Code[];
  presences: Code[];
  paymentMethods: Code[];
  cookings: Code[];
  stallProperties: Code[];
  obstacleKinds: Code[];
  vatTypes: Code[];
  tariffUnits: Code[];
  productUnits: Code[];
  weekdays: Code[]; // ma di wo do vr za zo
  roles: Code[];
}

// ── Start-up and session ─────────────────────────────────────────────────────────────────

export interface Startup {
  /** ready: log in. needs_setup: an empty database, offer "empty" or "demo". error: see `error`. */
  state: 'ready' | 'needs_setup' | 'error';
  dbPath: string;
  error: AppError | null;
}

export interface NewAdmin {
  username: string;
  displayName: string;
  password: string;
}

export interface Session {
  username: string;
  displayName: string;
  role: Role;
  /** Names of the core's actions this role may do (e.g. "EditMarkets", "EditVendors"). */
  permissions: string[];
}

// ── Markets, rows, stalls, branches ──────────────────────────────────────────────────────

export interface Market {
  id: number;
  code: string;
  name: string;
  kind: string; // dag | week | seizoen
  weekdays: string[]; // ["ma", "za"]
  seasonFrom: string | null; // "04-01"
  seasonUntil: string | null;
  stallSizeM: number;
  maxStallsPerVendor: number;
  sampleSize: number;
  abLists: boolean;
  ended: boolean;
  stallCount: number;
}

export interface MarketInput {
  code: string;
  name: string;
  kind: string;
  weekdays: string[];
  seasonFrom: string | null;
  seasonUntil: string | null;
  stallSizeM: number;
  maxStallsPerVendor: number;
  sampleSize: number;
  abLists: boolean;
}

export interface Stall {
  id: number;
  rowId: number;
  number: string;
  lengthM: number;
  cooking: string; // geen | bak-licht | bak
  evi: boolean;
  active: boolean;
  properties: string[]; // elektra, water, ...
  branchIds: number[]; // reserved for these branches
  /** Blocked on the day asked for in `marketLayout`, with the reason. */
  blockedReason: string | null;
  /** The fixed holder, when a registration holds this stall. */
  holder: { vendorId: number; name: string; status: string } | null;
}

export interface Obstacle {
  id: number;
  beforeStallId: number;
  afterStallId: number;
  kind: string;
}

export interface Row {
  id: number;
  name: string;
  circular: boolean;
  stalls: Stall[];
  obstacles: Obstacle[];
}

export interface Layout {
  market: Market;
  day: string;
  rows: Row[];
}

export interface StallInput {
  rowId: number;
  number: string;
  lengthM: number;
  cooking: string;
  evi: boolean;
  active: boolean;
  properties: string[];
  branchIds: number[];
}

export interface Branch {
  id: number;
  code: string;
  name: string;
  colour: string; // #rrggbb
}

export interface BranchInput {
  code: string;
  name: string;
  colour: string;
}

export interface MarketBranchRule {
  branchId: number;
  maxStalls: number | null;
  mandatory: boolean;
}

// ── Vendors, substitutes, registrations ──────────────────────────────────────────────────

export interface VendorRow {
  id: number;
  registrationNumber: string; // shown with the dot: "19570810.02"
  name: string; // "J.P. van der Berg"
  sortName: string; // "Berg, J.P. van der"
  status: string; // actief | wachtend | alleen_vervanger | verwijderd
  enforcement: boolean; // an enforcement request runs to today or later
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Vendor {
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
  name: string;
}

export interface VendorInput {
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

export interface Registration {
  id: number;
  marketId: number;
  marketCode: string;
  marketName: string;
  listNumber: number;
  status: string;
  registeredOn: string;
  voided: boolean;
  voidReason: string | null;
  stallIds: number[];
  stallNumbers: string[];
  products: { productId: number; key: string; label: string; quantity: number }[];
}

export interface RegistrationInput {
  vendorId: number;
  marketId: number;
  listNumber: number;
  status: string;
  registeredOn: string;
  stallIds: number[];
  products: { productId: number; quantity: number }[];
}

export interface Substitute {
  id: number;
  substituteId: number;
  name: string;
  registrationNumber: string;
  validFrom: string;
  validUntil: string | null;
}

export interface VendorDetail {
  vendor: Vendor;
  registrations: Registration[];
  substitutes: Substitute[];
  /** Vendors this one may stand in for. */
  substituteFor: Substitute[];
}

// ── Tariffs and VAT ──────────────────────────────────────────────────────────────────────

export interface VatRate {
  vat: string; // hoog | laag | nul
  from: string;
  percent: string; // "21", "6,5"
}

export interface TariffKind {
  id: number;
  code: string;
  invoiceLabel: string;
  unit: string;
  vat: string;
  ledgerCode: string;
  vatCode: string;
}

export type TariffKindInput = Omit<TariffKind, 'id'>;

export interface Product {
  id: number;
  key: string;
  label: string;
  unit: string;
  factor: number;
  kindId: number | null;
  always: boolean;
  position: number;
}

export type ProductInput = Omit<Product, 'id'>;

export interface TariffPlan {
  id: number;
  marketId: number;
  name: string;
  from: string;
  until: string | null;
  weekdays: string[] | null; // null: a standard plan
  ignoreFixed: boolean;
  rates: { kindId: number; rateCents: number }[];
}

export interface TariffPlanInput {
  marketId: number;
  name: string;
  from: string;
  until: string | null;
  weekdays: string[] | null;
  ignoreFixed: boolean;
  /** The rate as the clerk typed it ("2,46"); the core parses it and names the bad one. */
  rates: { kindId: number; rate: string }[];
}

export interface QuoteRequest {
  marketId: number;
  day: string;
  status: string; // a permit status: vpl ... soll, lot
  fixed: Record<string, number>; // product key -> pieces
  requested: Record<string, number>;
}

export interface QuoteLine {
  label: string;
  fixed: boolean;
  quantity: number;
  priceCents: number;
  vatPercent: string; // "21", "6,5"
  exclCents: number;
  vatCents: number;
  inclCents: number;
}

export interface Quote {
  plan: string;
  lines: QuoteLine[];
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
}

// ── Accounts ─────────────────────────────────────────────────────────────────────────────

export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  locked: boolean;
}

export interface AccountInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

// ── Printing ─────────────────────────────────────────────────────────────────────────────

/** The documents the core prints as PDF (reports.md, inspections.md). */
export type DocumentKind =
  | 'daily-list'
  | 'permit-list'
  | 'day-close'
  | 'week-list'
  | 'ab-list'
  | 'barcodes'
  | 'receipt'
  | 'ticket';

/** Which document, about what: a market-day document needs `marketId` and `day`; a receipt a
 * `paymentId` (or the `permitId` whose payment it is); a ticket letter a `ticketId`. */
export interface PrintRequest {
  document: DocumentKind;
  marketId?: number | null;
  day?: string | null;
  permitId?: number | null;
  paymentId?: number | null;
  ticketId?: number | null;
}

/** A document made and handed to the system: the PDF's file and, when printed, the job. */
export interface Printed {
  fileName: string;
  path: string;
  pages: number;
  job: string | null;
}
