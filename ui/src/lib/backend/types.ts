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

// ── The market morning: the counter, permits, the day view, the day close, attendance ───

export interface CounterWarning {
  code:
    | 'already_permit_today'
    | 'no_registration'
    | 'removed'
    | 'not_active'
    | 'enforcement'
    | 'not_allocated'
    | 'substitute_not_registered';
  message: string; // Dutch, from the core
  /** Saving needs an override reason (a second permit that day). */
  needsReason: boolean;
}

export interface PermitSummary {
  id: number;
  invoiceNumber: string;
  marketCode: string;
  marketName: string;
  totalInclCents: number;
}

/** What the counter shows after a vendor's number is typed or scanned. */
export interface Counter {
  vendor: Vendor;
  marketId: number;
  day: string;
  /** The permit status: the registration's, or "lot" without one. */
  status: string;
  registration: { listNumber: number; status: string; stallNumbers: string[] } | null;
  /** Products paid through the yearly permit: key -> pieces. */
  fixed: Record<string, number>;
  /** Stall numbers of the day's allocation (published, else the latest draft). */
  allocated: string[];
  allocationState: 'concept' | 'gepubliceerd' | null;
  /** The form's prefill: key -> pieces. */
  requested: Record<string, number>;
  /** Today's other permits of the vendor, on any market. */
  today: PermitSummary[];
  /** Registered substitutes valid today. */
  substitutes: { vendorId: number; name: string; registrationNumber: string }[];
  warnings: CounterWarning[];
}

export interface PermitForm {
  marketId: number;
  day: string;
  vendorId: number;
  presence: string; // zelf | partner | vervanger_met_toestemming | ...
  substituteId: number | null;
  identifiedBy: 'getypt' | 'gezocht' | 'gescand';
  requested: Record<string, number>;
  stalls: string[];
  note: string;
  payment: 'pin' | 'contant' | 'op_rekening';
  overrideReason: string | null;
}

export interface PermitPreview {
  status: string;
  quote: Quote;
  warnings: CounterWarning[];
}

export interface IssuedPermit {
  id: number;
  invoiceNumber: string;
  totalInclCents: number;
}

/** A permit as the day view lists it; voided ones stay, with the reason. */
export interface DayPermit {
  id: number;
  invoiceNumber: string;
  vendorId: number;
  vendorName: string;
  registrationNumber: string;
  status: string;
  presence: string;
  stalls: string[];
  metres: number;
  dueCents: number;
  paidCents: number;
  methods: string[];
  issuedBy: string;
  issuedAt: string;
  voidReason: string | null;
  replacesId: number | null;
  overrideReason: string | null;
  /** The latest control of the permit: `differs` when someone else was found than the
   * permit says, `alarming` for a substitute without permission or nobody (shown red). */
  control: { round: number; presence: string; differs: boolean; alarming: boolean } | null;
}

export interface Payment {
  id: number;
  method: string;
  amountCents: number;
  /** Set on a reversal: the payment it reverses. */
  reversesId: number | null;
  reason: string | null;
  at: string;
}

export interface PermitDetail {
  permit: DayPermit;
  lines: QuoteLine[];
  payments: Payment[];
  /** Product key -> pieces asked for (fixed ones not deducted): a correction starts here. */
  requested: Record<string, number>;
  substituteId: number | null;
  note: string;
}

export interface Note {
  id: number;
  text: string;
  createdAt: string;
  done: boolean;
  doneAt: string | null;
}

export interface ClerkDay {
  permits: number;
  voided: number;
  pinCents: number;
  cashCents: number;
  onAccountCents: number;
  totalCents: number;
}

export interface DayClose {
  id: number;
  accountName: string;
  at: string;
  permits: number;
  pinCents: number;
  cashCents: number;
  onAccountCents: number;
  countedCashCents: number;
  /** Counted minus expected cash; negative is a shortage. */
  differenceCents: number;
}

export interface DayView {
  marketId: number;
  day: string;
  permits: DayPermit[];
  byStatus: { code: string; count: number }[];
  byPresence: { code: string; count: number }[];
  metres: number;
  money: { method: string; cents: number }[];
  totalCents: number;
  dueCents: number;
  voided: number;
  multiple: { vendorId: number; vendorName: string; registrationNumber: string; permits: { marketCode: string; invoiceNumber: string }[] }[];
  notes: Note[];
  closes: DayClose[];
}

export interface AttendanceRow {
  vendorId: number;
  name: string;
  registrationNumber: string;
  status: string;
  listNumber: number;
  intent: 'present' | 'absent' | 'unspecified';
  /** Takes part in the allocation: fixed holders unless absent, applicants when present. */
  comes: boolean;
  source: 'absence' | 'record' | 'pattern' | 'default';
  reason: string | null;
  pattern: string[] | null;
}

export interface AttendanceDay {
  day: string;
  /** 15:00 Amsterdam the day before, as an ISO instant. */
  cutoff: string;
  /** Past the cut-off now: only a senior changes it, with a reason. */
  afterCutoff: boolean;
  rows: AttendanceRow[];
}

export interface Absence {
  id: number;
  from: string;
  until: string;
  reason: string;
}

// ── Controls, the daily sample and tickets ───────────────────────────────────────────────

export interface ControlRec {
  id: number;
  permitId: number;
  round: number;
  presence: string;
  substituteId: number | null;
  products: Record<string, number>;
  note: string;
  at: string;
}

/** A control in the vendor's history, with its permit's market, day, number and presence. */
export interface VendorControl extends ControlRec {
  marketCode: string;
  day: string;
  invoiceNumber: string;
  permitPresence: string;
}

export interface ControlInput {
  permitId: number;
  round: number; // 1 or 2
  presence: string;
  substituteId: number | null;
  products: Record<string, number>;
  note: string;
}

export interface SampleEntry {
  permit: DayPermit;
  /** enforcement | not_in_person | random | top_up */
  reason: string;
  controls: ControlRec[];
}

/** The control round of a market day. */
export interface ControlRound {
  sampleId: number;
  /** The seed as text: it does not fit a JavaScript number. */
  seed: string;
  drawnAt: string;
  redrawReason: string | null;
  /** Re-running the draw from the stored seed and pool gives this list. */
  reproduces: boolean;
  entries: SampleEntry[];
}

export interface Violation {
  id: number;
  code: string;
  description: string;
  article: string;
  amountCents: number;
  warningFirst: boolean;
  validFrom: string;
  validUntil: string | null;
}

export interface ViolationInput {
  code: string;
  description: string;
  article: string;
  /** As typed: "75,00". */
  amount: string;
  warningFirst: boolean;
  validFrom: string;
  validUntil: string | null;
}

/** What a new ticket will be, shown before saving. */
export interface TicketDecision {
  violationCode: string;
  description: string;
  article: string;
  decision: 'waarschuwing' | 'boete';
  amountCents: number;
  /** Numbers of the vendor's tickets for this violation in the 12 months before. */
  earlier: string[];
}

export interface TicketInput {
  marketId: number;
  day: string;
  time: string; // HH:MM
  stall: string;
  vendorId: number | null;
  unknownPerson: string | null;
  permitId: number | null;
  controlId: number | null;
  violationCode: string;
  note: string;
}

export interface TicketRow {
  id: number;
  number: string; // B2026-000123
  marketCode: string;
  day: string;
  time: string;
  stall: string;
  vendorId: number | null;
  vendorName: string | null;
  registrationNumber: string | null;
  unknownPerson: string | null;
  violationCode: string;
  violation: string;
  decision: 'waarschuwing' | 'boete';
  amountCents: number;
  paidCents: number;
  dueDate: string;
  /** draft | issued | paid | objection | upheld | withdrawn | void */
  status: string;
  overdue: boolean;
}

export interface TicketFilter {
  status: string | null;
  overdue: boolean;
  marketId: number | null;
  from: string | null;
  until: string | null;
  vendorId: number | null;
}

export interface TicketDetail {
  row: TicketRow;
  note: string;
  permitId: number | null;
  controlId: number | null;
  photos: { sha256: string; fileName: string }[];
  payments: Payment[];
  history: { status: string; reason: string | null; at: string }[];
}

// ── Backups and the audit log (Beheer) ───────────────────────────────────────────────────

export interface Backup {
  path: string;
  fileName: string;
  sizeBytes: number;
  modified: string | null;
}

export interface BackupCheck {
  schemaVersion: number;
  permits: number;
  lastDay: string | null;
}

export interface AuditFilter {
  accountId: number | null;
  /** The start of an action: "permit." for every permit change. */
  action: string | null;
  entity: string | null;
  entityId: string | null;
  from: string | null; // ISO day, from 00:00 Amsterdam
  until: string | null; // ISO day, to 24:00 Amsterdam
  text: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  /** JSON of the record before and after, as stored. */
  before: string | null;
  after: string | null;
}

// ── Allocation (indeling) ────────────────────────────────────────────────────────────────

/** The labels of the allocation's codes, from the core (AllocationDay.codes). */
export interface AllocationCodes {
  outcomes: Code[]; // ingedeeld | afgewezen | niet_aanwezig | verwijderd
  reasons: Code[]; // UNKNOWN | BRANCHE_FULL | ... | KRAAM_DOES_NOT_EXIST
  states: Code[]; // concept | gepubliceerd
  overrideKinds: Code[]; // verplaatsen | ruilen | toewijzen | verwijderen
}

/** One version of a market day's allocation. */
export interface AllocationVersion {
  id: number;
  marketId: number;
  day: string;
  number: number; // 1, 2, … per market day
  state: 'concept' | 'gepubliceerd';
  createdBy: string; // display name
  createdAt: string; // ISO UTC
  publishedBy: string | null;
  publishedAt: string | null;
  /** The number of the version a change after publishing started from; null for a run. */
  basedOn: number | null;
}

/** What a run, an override or publishing answers: the version made or changed. */
export interface AllocationVersionRef {
  id: number;
  number: number;
  state: 'concept' | 'gepubliceerd';
}

export interface AllocationStall {
  id: number;
  number: string;
}

/** One vendor's day in a version, with its standing as the run saw it. */
export interface AllocationResult {
  vendorId: number;
  registrationNumber: string; // "19570810.02"
  name: string; // "J.P. van der Berg"
  status: string; // vpl … soll
  listNumber: number;
  branchId: number | null;
  aList: boolean;
  outcome: 'ingedeeld' | 'afgewezen' | 'niet_aanwezig' | 'verwijderd';
  /** In the order they stand. */
  stalls: AllocationStall[];
  /** The rejection reason's code, exactly when the outcome is `afgewezen`. */
  reason: string | null;
  /** Why, in Dutch: the engine's explanation and any clerk's changes. */
  explanation: string;
}

/** A clerk's change, as recorded. */
export interface AllocationOverride {
  id: number;
  kind: 'verplaatsen' | 'ruilen' | 'toewijzen' | 'verwijderen';
  vendorId: number;
  otherVendorId: number | null;
  fromStalls: string[]; // stall numbers
  toStalls: string[];
  /** `branche_maximum` when the change knowingly broke a branch maximum. */
  breaksRule: string | null;
  ruleReason: string | null;
  reason: string;
  by: string; // display name
  at: string;
}

export interface AllocationDetail {
  version: AllocationVersion;
  results: AllocationResult[]; // by registration number
  overrides: AllocationOverride[]; // oldest first
  /** Stalls in use, not blocked on the day, that nobody has in this version; in row order. */
  freeStalls: AllocationStall[];
}

/** A market day as the allocation screen shows it. */
export interface AllocationDay {
  marketId: number;
  day: string;
  /** Whether the market is held on this day (a run is refused otherwise). */
  held: boolean;
  versions: AllocationVersion[]; // oldest first
  /** The version asked for, else the latest; null before the first run. */
  shown: AllocationDetail | null;
  codes: AllocationCodes;
}

/**
 * A clerk's change to the day's latest version (a published one gets a new version).
 * The core names bad fields: vendor, other, to / to[i] (move), stalls / stalls[i] (assign),
 * reason, override_rule.
 */
export interface OverrideInput {
  allocationId: number;
  kind: 'verplaatsen' | 'ruilen' | 'toewijzen' | 'verwijderen';
  vendorId: number;
  /** Swap: the other vendor. */
  otherVendorId: number | null;
  /** Move: the stalls to stand on; assign: the free stalls to add. */
  stallIds: number[];
  reason: string;
  /** The reason to knowingly break a branch maximum; null when not breaking it. */
  overrideRule: string | null;
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

// Rapporten: exports, imports, reports, saved files, progress.
export * from './types-reports';
