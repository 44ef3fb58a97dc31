// What the UI may ask of the app. `tauri.ts` implements it with `invoke` (one Tauri command
// per method, named in snake_case after the method: `searchVendors` → `search_vendors`,
// arguments as the named object shown); `mock.ts` implements it in memory for browser tests.
// Every method rejects with an `AppError`.

import type {
  Account,
  AccountInput,
  Branch,
  BranchInput,
  Codes,
  Layout,
  Market,
  MarketBranchRule,
  MarketInput,
  NewAdmin,
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

  // Accounts (admin)
  listAccounts(): Promise<Account[]>;
  createAccount(args: { input: AccountInput }): Promise<number>;
  unlockAccount(args: { id: number }): Promise<void>;
}
