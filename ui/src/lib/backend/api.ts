// What the UI may ask of the app. `tauri.ts` implements it with `invoke` (one Tauri command
// per method, named in snake_case after the method: `searchVendors` → `search_vendors`,
// arguments as the named object shown); `mock.ts` implements it in memory for browser tests.
// Every method rejects with an `AppError`.

import type {
  AuditFilter,
  AuditRow,
  Backup,
  BackupCheck,
  ControlInput,
  ControlRec,
  VendorControl,
  ControlRound,
  TicketDecision,
  TicketDetail,
  TicketFilter,
  TicketInput,
  TicketRow,
  Violation,
  ViolationInput,
  Absence,
  AttendanceDay,
  ClerkDay,
  Counter,
  DayView,
  IssuedPermit,
  PermitDetail,
  PermitForm,
  PermitPreview,
  Account,
  AccountInput,
  AllocationDay,
  AllocationVersionRef,
  Branch,
  BranchInput,
  Codes,
  Layout,
  Market,
  MarketBranchRule,
  MarketInput,
  NewAdmin,
  OverrideInput,
  Page,
  PrintRequest,
  Printed,
  Product,
  ProductInput,
  Quote,
  QuoteRequest,
  RegistrationInput,
  Session,
  StallInput,
  Startup,
  TariffKind,
  TariffKindInput,
  TariffPlan,
  TariffPlanInput,
  VatRate,
  VendorDetail,
  VendorInput,
  VendorRow,
} from './types';
import type {
  Batch,
  Dialect,
  ExportedBatch,
  ExportedList,
  FinanceExportRequest,
  FineCodes,
  ImportKind,
  ImportResult,
  JobProgress,
  ListExportRequest,
  ReportRequest,
  ReportTable,
  SavedFile,
} from './types-reports';

/** What the app tells the UI unasked: the progress of long jobs (exports, imports). Written
 * as properties, not methods: these are events, not commands. */
export interface BackendEvents {
  /** Calls `handler` with each `progress` event until the returned function is called. */
  onProgress: (handler: (progress: JobProgress) => void) => Promise<() => void>;
}

export interface Backend {
  // Start-up and session
  startup(): Promise<Startup>;
  /** First run: an empty database with its first administrator, or the demo city. */
  createDatabase(args: { kind: 'empty' | 'demo'; admin: NewAdmin | null }): Promise<Startup>;
  login(args: { username: string; password: string }): Promise<Session>;
  logout(): Promise<void>;
  session(): Promise<Session | null>;
  codes(): Promise<Codes>;
  /** Today's date in Amsterdam, as the app sees it. */
  today(): Promise<string>;
  /** This moment by the app's clock (RFC 3339); the clock is set on demo and test databases. */
  now(): Promise<string>;

  // Markets
  listMarkets(): Promise<Market[]>;
  saveMarket(args: { id: number | null; input: MarketInput }): Promise<number>;
  setMarketEnded(args: { id: number; ended: boolean }): Promise<void>;
  /** Rows, stalls and obstacles; `blockedReason` of each stall for `day`. */
  marketLayout(args: { id: number; day: string }): Promise<Layout>;
  addRow(args: { marketId: number; name: string; circular: boolean }): Promise<number>;
  updateRow(args: { id: number; name: string; circular: boolean }): Promise<void>;
  saveStall(args: { id: number | null; input: StallInput }): Promise<number>;
  addObstacle(args: { beforeStallId: number; afterStallId: number; kind: string }): Promise<number>;
  removeObstacle(args: { id: number }): Promise<void>;
  blockStall(args: { stallId: number; day: string; reason: string }): Promise<void>;
  unblockStall(args: { stallId: number; day: string }): Promise<void>;
  marketBranchRules(args: { marketId: number }): Promise<MarketBranchRule[]>;
  setMarketBranchRule(args: {
    marketId: number;
    branchId: number;
    rule: { maxStalls: number | null; mandatory: boolean } | null;
  }): Promise<void>;

  // Branches
  listBranches(): Promise<Branch[]>;
  saveBranch(args: { id: number | null; input: BranchInput }): Promise<number>;

  // Vendors
  searchVendors(args: { query: string; offset: number; limit: number }): Promise<Page<VendorRow>>;
  getVendor(args: { id: number }): Promise<VendorDetail>;
  saveVendor(args: { id: number | null; input: VendorInput }): Promise<number>;
  /** `substitute` is a registration number, with or without the dot. */
  addSubstitute(args: { vendorId: number; substitute: string; from: string; until: string | null }): Promise<number>;
  endSubstitute(args: { id: number; until: string }): Promise<void>;
  saveRegistration(args: { id: number | null; input: RegistrationInput }): Promise<number>;
  voidRegistration(args: { id: number; reason: string }): Promise<void>;

  // Tariffs and VAT (admin)
  vatRates(): Promise<VatRate[]>;
  /** `percent` as typed: "21", "6,5". */
  setVatRate(args: { vat: string; from: string; percent: string }): Promise<void>;
  tariffKinds(): Promise<TariffKind[]>;
  saveTariffKind(args: { id: number | null; input: TariffKindInput }): Promise<number>;
  products(): Promise<Product[]>;
  saveProduct(args: { id: number | null; input: ProductInput }): Promise<number>;
  tariffPlans(args: { marketId: number }): Promise<TariffPlan[]>;
  saveTariffPlan(args: { id: number | null; input: TariffPlanInput }): Promise<number>;
  /** The quote simulator: the lines a permit would get, nothing saved. */
  quote(args: { request: QuoteRequest }): Promise<Quote>;

  // Printing: the core makes a PDF; the app opens it in the system's PDF viewer, or sends it
  // to the default printer (lp; the shell's print verb on Windows).
  previewDocument(args: { request: PrintRequest }): Promise<Printed>;
  /** Rejects with code `no_printer` (the message says where the PDF was saved) when no printer is set up. */
  printDocument(args: { request: PrintRequest }): Promise<Printed>;
  /** The PDF made and saved, neither opened nor printed (the server's clients fetch it). */
  makeDocument(args: { request: PrintRequest }): Promise<Printed>;

  // Accounts (admin)
  listAccounts(): Promise<Account[]>;
  createAccount(args: { input: AccountInput }): Promise<number>;
  unlockAccount(args: { id: number }): Promise<void>;

  // The market morning (permits issue)
  /** A registration number (with or without the dot) or a pass id, as typed or scanned. */
  findVendor(args: { text: string }): Promise<VendorRow>;
  openCounter(args: { marketId: number; day: string; vendorId: number }): Promise<Counter>;
  /** The live quote and warnings of the form, nothing saved. */
  previewPermit(args: { form: PermitForm }): Promise<PermitPreview>;
  /** Permit, lines, payment and audit in one transaction. */
  issuePermit(args: { form: PermitForm }): Promise<IssuedPermit>;
  getPermit(args: { id: number }): Promise<PermitDetail>;
  voidPermit(args: { id: number; reason: string }): Promise<void>;
  /** Void `id` and issue `form` in its place, in one transaction. */
  reissuePermit(args: { id: number; reason: string; form: PermitForm }): Promise<IssuedPermit>;
  reversePayment(args: { id: number; reason: string }): Promise<void>;
  /** Pay what is open on a permit after a reversal (another method). */
  payOpenAmount(args: { permitId: number; method: string }): Promise<void>;
  dayView(args: { marketId: number; day: string }): Promise<DayView>;
  /** The logged-in clerk's permits and money of the day, before closing. */
  clerkDay(args: { marketId: number; day: string }): Promise<ClerkDay>;
  /** `countedCash` as typed: "1.234,50". */
  closeDay(args: { marketId: number; day: string; countedCash: string }): Promise<void>;
  addNote(args: { marketId: number; day: string; text: string }): Promise<number>;
  tickNote(args: { id: number; done: boolean }): Promise<void>;
  attendanceDay(args: { marketId: number; day: string }): Promise<AttendanceDay>;
  recordAttendance(args: { vendorId: number; marketId: number; day: string; attends: boolean; reason: string | null }): Promise<void>;
  setPattern(args: { vendorId: number; marketId: number; weekdays: string[] }): Promise<void>;
  absences(args: { vendorId: number; marketId: number }): Promise<Absence[]>;
  addAbsence(args: { vendorId: number; marketId: number; from: string; until: string; reason: string }): Promise<number>;

  // Controls, the daily sample and tickets
  /** The day's control round, or null before the sample is drawn. */
  controlRound(args: { marketId: number; day: string }): Promise<ControlRound | null>;
  /** Draws the day's sample with a fresh seed (kept with it). */
  drawSample(args: { marketId: number; day: string }): Promise<ControlRound>;
  /** Senior, with a reason: the day's controls leave the round (kept in the audit log). */
  redrawSample(args: { marketId: number; day: string; reason: string }): Promise<ControlRound>;
  recordControl(args: { input: ControlInput }): Promise<number>;
  controlsOf(args: { permitId: number }): Promise<ControlRec[]>;
  /** The controls of the vendor's permits, newest first (the vendor page's history). */
  vendorControls(args: { vendorId: number }): Promise<VendorControl[]>;
  violations(): Promise<Violation[]>;
  /** A new dated version of a violation (admin). */
  addViolation(args: { input: ViolationInput }): Promise<number>;
  /** Warning or fine for this vendor and violation on that day, before saving. */
  decideTicket(args: { vendorId: number | null; violationCode: string; day: string }): Promise<TicketDecision>;
  /** Saves a ticket as a draft with the next number of its year. */
  createTicket(args: { input: TicketInput }): Promise<number>;
  /** issued | paid | objection | upheld | withdrawn | void (void: senior, with a reason). */
  setTicketStatus(args: { id: number; status: string; reason: string | null }): Promise<void>;
  /** `amount` as typed: "75,00". */
  payTicket(args: { id: number; method: string; amount: string }): Promise<void>;
  tickets(args: { filter: TicketFilter }): Promise<TicketRow[]>;
  getTicket(args: { id: number }): Promise<TicketDetail>;
  /** The picture's bytes; `fileName` only tells its kind (jpg, png, heic, webp). */
  addTicketPhoto(args: { id: number; fileName: string; bytes: number[] }): Promise<void>;

  // Backups and the audit log (Beheer)
  backups(): Promise<Backup[]>;
  /** A backup now, into the backups folder beside the database. */
  makeBackup(): Promise<Backup>;
  checkBackup(args: { path: string }): Promise<BackupCheck>;
  /** Admin: puts a backup back after a safety copy; the session ends (log in again). */
  restoreBackup(args: { path: string }): Promise<BackupCheck>;
  auditLog(args: { filter: AuditFilter; offset: number; limit: number }): Promise<Page<AuditRow>>;
  // Allocation (indeling)
  /** A market day: its versions and one in full (`versionId`, else the latest), free stalls, codes. */
  allocationDay(args: { marketId: number; day: string; versionId: number | null }): Promise<AllocationDay>;
  /** Allocates the day from the database as a new draft version (refused once published). */
  runAllocation(args: { marketId: number; day: string }): Promise<AllocationVersionRef>;
  /** A clerk's change with a reason: in place on a draft, as a new version after publishing. */
  overrideAllocation(args: { input: OverrideInput }): Promise<AllocationVersionRef>;
  /** Publishes the day's latest version, a draft. */
  publishAllocation(args: { id: number }): Promise<AllocationVersionRef>;

  // Rapporten: the finance export in numbered batches, list exports, imports, the reports.
  // Long work runs as a job named by the UI (`job`): it sends `progress` events (see
  // `BackendEvents`) and stops, storing nothing, when `cancelJob` is called (code `cancelled`).
  // Files go to the Downloads folder; the answer says where.
  /** Makes the next batch (ExportFinance: finance, senior and up) and writes its file. */
  financeExport(args: { request: FinanceExportRequest; job: string }): Promise<ExportedBatch>;
  /** Writes batch `number` again, byte for byte (refused with `conflict` when it would differ). */
  rerunBatch(args: { number: number; job: string }): Promise<ExportedBatch>;
  /** Every batch, newest first. */
  financeBatches(): Promise<Batch[]>;
  fineCodes(): Promise<FineCodes>;
  /** Admin: the ledger and VAT code of ticket fines. */
  setFineCodes(args: { codes: FineCodes }): Promise<void>;
  exportList(args: { request: ListExportRequest; job: string }): Promise<ExportedList>;
  /** Checks (`dryRun`) or applies a CSV file: all or nothing; the forms' roles. */
  runImport(args: { kind: ImportKind; bytes: number[]; dryRun: boolean; job: string }): Promise<ImportResult>;
  reportFigures(args: { request: ReportRequest }): Promise<ReportTable>;
  reportCsv(args: { request: ReportRequest; dialect: Dialect }): Promise<SavedFile>;
  /** The report as a PDF table (the core's), saved in Downloads. */
  reportPdf(args: { request: ReportRequest }): Promise<SavedFile>;
  /** Opens a file the app saved in this session with the system's program for it. */
  openFile(args: { path: string }): Promise<void>;
  /** Opens the folder of a file the app saved in this session. */
  openFolder(args: { path: string }): Promise<void>;
  /** Cancels a running job; false when no such job runs. */
  cancelJob(args: { job: string }): Promise<boolean>;
}
