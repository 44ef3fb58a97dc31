// The browser's backend: `markt serve`, the office server, over HTTP. The same commands as
// the window's (one per method of `Backend`, named in snake_case), posted to the page's own
// origin: `POST /api/<command>` with the arguments object as JSON and the session's bearer
// token; the answer is the command's JSON, an error is `{code, message, fields}`.
// The token is the session: kept in memory only (no cookie, no storage), so a reload or a
// closed tab logs out; a 401 (no or expired session) forgets it.
import type { Backend, BackendEvents } from './api';
import { asAppError, commandName } from './call';
import { DAMAGED_EVENT } from './events';
import type { JobProgress } from './types-reports';
import type { AppError, Printed, Session } from './types';

/** The code of an error answer that does not say its own (a proxy's page, say), by status. */
const STATUS_CODES: Record<number, string> = {
  401: 'not_logged_in',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'invalid',
};

/** How long `onProgress` waits for the event stream to open before the job starts anyway. */
const STREAM_WAIT_MS = 3000;

export interface Http {
  backend: Backend;
  events: BackendEvents;
}

/** An error answer as an `AppError`: its own JSON when it is one, else by the status. */
function errorOf(status: number, text: string): AppError {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'code' in body && 'message' in body) return asAppError(body);
  } catch {
    // Not JSON: said below.
  }
  return { code: STATUS_CODES[status] ?? 'internal', message: text.trim() || `HTTP ${status}`, fields: [] };
}

/** A backend and its events sharing one session token (tests make fresh ones). */
export function createHttp(): Http {
  let token: string | null = null;

  async function post<T>(command: string, args: object | undefined): Promise<T> {
    const sent = token;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`/api/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(sent ? { authorization: `Bearer ${sent}` } : {}) },
        body: JSON.stringify(args ?? {}),
      });
      text = await response.text();
    } catch (e) {
      throw { code: 'internal', message: `geen verbinding met de server: ${String(e)}`, fields: [] } satisfies AppError;
    }
    if (response.ok) {
      try {
        return (text ? JSON.parse(text) : null) as T;
      } catch {
        throw { code: 'internal', message: `geen JSON van de server: ${text.slice(0, 200)}`, fields: [] } satisfies AppError;
      }
    }
    // The session is gone (logged out elsewhere, expired, a restore): forget it, unless a
    // login since has brought a new one.
    if (response.status === 401 && token === sent) token = null;
    throw errorOf(response.status, text);
  }

  async function call<T>(method: keyof Backend, args?: object): Promise<T> {
    try {
      return await post<T>(commandName(method), args);
    } catch (e) {
      const error = asAppError(e);
      // The start-up check runs beside the work and may find damage after the window opened:
      // from then on every command says so, and the app shows what to do instead of a screen.
      if (error.code === 'damaged_database') window.dispatchEvent(new CustomEvent(DAMAGED_EVENT, { detail: error }));
      throw error;
    }
  }

  /** A file this session made on the server (an export, a report, a document), as a blob. */
  async function fetchFile(path: string): Promise<Blob> {
    const sent = token;
    const response = await fetch('/api/file', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sent ? { authorization: `Bearer ${sent}` } : {}) },
      body: JSON.stringify({ path }),
    });
    if (!response.ok) {
      if (response.status === 401 && token === sent) token = null;
      throw errorOf(response.status, await response.text());
    }
    return response.blob();
  }

  /** The file on this desk: a PDF in the browser's own viewer (a new tab, where the desk's
   * printer prints it), anything else saved by the browser as a download. */
  async function deliver(path: string): Promise<void> {
    const blob = await fetchFile(path);
    const url = URL.createObjectURL(blob);
    const name = path.split(/[\\/]/).pop() ?? 'bestand';
    if (blob.type === 'application/pdf') {
      window.open(url, '_blank');
    } else {
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
    }
    // The new tab or the download has the bytes by then.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** A document made by the server and shown here; printing is the desk's, from the viewer. */
  async function madeDocument(args: Parameters<Backend['makeDocument']>[0]): Promise<Printed> {
    const printed = await call<Printed>('makeDocument', args);
    await deliver(printed.path);
    return printed;
  }

  const backend: Backend = {
    startup: () => call('startup'),
    createDatabase: (args) => call('createDatabase', args),
    login: async (args) => {
      const answer = await call<{ token: string; account: Session }>('login', args);
      token = answer.token;
      return answer.account;
    },
    logout: async () => {
      try {
        await call<null>('logout');
      } catch (e) {
        // A session already gone (expired, ended elsewhere) is logged out all the same.
        const code = (e as AppError).code;
        if (code !== 'not_logged_in' && code !== 'session_expired') throw e;
      } finally {
        token = null;
      }
    },
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

    // The server's printer is not the desk's: both show the PDF here (`job` stays null).
    previewDocument: madeDocument,
    printDocument: madeDocument,
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
    // The server's folders are not the desk's: the file itself comes here.
    openFile: ({ path }) => deliver(path),
    openFolder: ({ path }) => deliver(path),
    cancelJob: (args) => call('cancelJob', args),
  };

  /** The app's `progress` events as server-sent events of the session; nothing without one. */
  const events: BackendEvents = {
    onProgress: (handler) =>
      new Promise((resolve) => {
        if (!token || typeof EventSource === 'undefined') return resolve(() => {});
        const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
        source.addEventListener('progress', (e) => {
          try {
            handler(JSON.parse((e as MessageEvent<string>).data) as JobProgress);
          } catch {
            // A malformed event is no progress.
          }
        });
        // The job starts once the stream is open (so its first events are not missed), or
        // failed, or after a while: progress is a nicety, the work is not.
        let started = false;
        const start = () => {
          if (started) return;
          started = true;
          resolve(() => source.close());
        };
        source.addEventListener('open', start);
        source.addEventListener('error', start);
        setTimeout(start, STREAM_WAIT_MS);
      }),
  };

  return { backend, events };
}

const http = createHttp();

/** The browser's backend (see above). */
export const httpBackend: Backend = http.backend;

/** The server's `progress` events, for the session of `httpBackend`. */
export const httpEvents: BackendEvents = http.events;
