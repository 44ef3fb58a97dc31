// The real backend: one Tauri command per method of `Backend`, named in snake_case.
// This is the only UI file that imports `@tauri-apps/*`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Backend, BackendEvents } from './api';
import { asAppError, commandName } from './call';
import { DAMAGED_EVENT } from './events';
import type { JobProgress } from './types-reports';

export { asAppError, commandName } from './call';

async function call<T>(method: keyof Backend, args?: object): Promise<T> {
  try {
    return await invoke<T>(commandName(method), args as Record<string, unknown> | undefined);
  } catch (e) {
    const error = asAppError(e);
    // The start-up check runs beside the work and may find damage after the window opened:
    // from then on every command says so, and the app shows what to do instead of a screen.
    if (error.code === 'damaged_database') window.dispatchEvent(new CustomEvent(DAMAGED_EVENT, { detail: error }));
    throw error;
  }
}

export const tauriBackend: Backend = {
  startup: () => call('startup'),
  createDatabase: (args) => call('createDatabase', args),
  login: (args) => call('login', args),
  logout: () => call('logout'),
  session: () => call('session'),
  codes: () => call('codes'),
  today: () => call('today'),
  now: () => call('now'),

  listMarkets: () => call('listMarkets'),
  saveMarket: (args) => call('saveMarket', args),
  setMarketEnded: (args) => call('setMarketEnded', args),
  marketLayout: (args) => call('marketLayout', args),
  addRow: (args) => call('addRow', args),
  updateRow: (args) => call('updateRow', args),
  saveStall: (args) => call('saveStall', args),
  addObstacle: (args) => call('addObstacle', args),
  removeObstacle: (args) => call('removeObstacle', args),
  blockStall: (args) => call('blockStall', args),
  unblockStall: (args) => call('unblockStall', args),
  marketBranchRules: (args) => call('marketBranchRules', args),
  setMarketBranchRule: (args) => call('setMarketBranchRule', args),

  listBranches: () => call('listBranches'),
  saveBranch: (args) => call('saveBranch', args),

  searchVendors: (args) => call('searchVendors', args),
  getVendor: (args) => call('getVendor', args),
  saveVendor: (args) => call('saveVendor', args),
  addSubstitute: (args) => call('addSubstitute', args),
  endSubstitute: (args) => call('endSubstitute', args),
  saveRegistration: (args) => call('saveRegistration', args),
  voidRegistration: (args) => call('voidRegistration', args),

  vatRates: () => call('vatRates'),
  setVatRate: (args) => call('setVatRate', args),
  tariffKinds: () => call('tariffKinds'),
  saveTariffKind: (args) => call('saveTariffKind', args),
  products: () => call('products'),
  saveProduct: (args) => call('saveProduct', args),
  tariffPlans: (args) => call('tariffPlans', args),
  saveTariffPlan: (args) => call('saveTariffPlan', args),
  quote: (args) => call('quote', args),

  previewDocument: (args) => call('previewDocument', args),
  printDocument: (args) => call('printDocument', args),
  makeDocument: (args) => call('makeDocument', args),

  listAccounts: () => call('listAccounts'),
  createAccount: (args) => call('createAccount', args),
  unlockAccount: (args) => call('unlockAccount', args),

  findVendor: (args) => call('findVendor', args),
  openCounter: (args) => call('openCounter', args),
  previewPermit: (args) => call('previewPermit', args),
  issuePermit: (args) => call('issuePermit', args),
  getPermit: (args) => call('getPermit', args),
  voidPermit: (args) => call('voidPermit', args),
  reissuePermit: (args) => call('reissuePermit', args),
  reversePayment: (args) => call('reversePayment', args),
  payOpenAmount: (args) => call('payOpenAmount', args),
  dayView: (args) => call('dayView', args),
  clerkDay: (args) => call('clerkDay', args),
  closeDay: (args) => call('closeDay', args),
  addNote: (args) => call('addNote', args),
  tickNote: (args) => call('tickNote', args),
  attendanceDay: (args) => call('attendanceDay', args),
  recordAttendance: (args) => call('recordAttendance', args),
  setPattern: (args) => call('setPattern', args),
  absences: (args) => call('absences', args),
  addAbsence: (args) => call('addAbsence', args),
  allocationDay: (args) => call('allocationDay', args),
  runAllocation: (args) => call('runAllocation', args),
  overrideAllocation: (args) => call('overrideAllocation', args),
  publishAllocation: (args) => call('publishAllocation', args),

  controlRound: (args) => call('controlRound', args),
  drawSample: (args) => call('drawSample', args),
  redrawSample: (args) => call('redrawSample', args),
  recordControl: (args) => call('recordControl', args),
  controlsOf: (args) => call('controlsOf', args),
  vendorControls: (args) => call('vendorControls', args),
  violations: () => call('violations'),
  addViolation: (args) => call('addViolation', args),
  decideTicket: (args) => call('decideTicket', args),
  createTicket: (args) => call('createTicket', args),
  setTicketStatus: (args) => call('setTicketStatus', args),
  payTicket: (args) => call('payTicket', args),
  tickets: (args) => call('tickets', args),
  getTicket: (args) => call('getTicket', args),
  addTicketPhoto: (args) => call('addTicketPhoto', args),

  backups: () => call('backups'),
  makeBackup: () => call('makeBackup'),
  checkBackup: (args) => call('checkBackup', args),
  restoreBackup: (args) => call('restoreBackup', args),
  auditLog: (args) => call('auditLog', args),

  financeExport: (args) => call('financeExport', args),
  rerunBatch: (args) => call('rerunBatch', args),
  financeBatches: () => call('financeBatches'),
  fineCodes: () => call('fineCodes'),
  setFineCodes: (args) => call('setFineCodes', args),
  exportList: (args) => call('exportList', args),
  runImport: (args) => call('runImport', args),
  reportFigures: (args) => call('reportFigures', args),
  reportCsv: (args) => call('reportCsv', args),
  reportPdf: (args) => call('reportPdf', args),
  openFile: (args) => call('openFile', args),
  openFolder: (args) => call('openFolder', args),
  cancelJob: (args) => call('cancelJob', args),
};

/** The app's `progress` events (the capability allows listening, nothing else). */
export const tauriEvents: BackendEvents = {
  onProgress: (handler) => listen<JobProgress>('progress', (e) => handler(e.payload)),
};
