// The browser's backend: `markt serve`, the office server, over HTTP. The same commands as
// the window's (one per method of `Backend`, named in snake_case), posted to the page's own
// origin: `POST /api/<command>` with the arguments object as JSON and the session's bearer
// token; the answer is the command's JSON, an error is `{code, message, fields}`.
// The token is the session: kept in memory only (no cookie, no storage), so a reload or a
// closed tab logs out; a 401 (no or expired session) forgets it.
import type { Backend, BackendEvents } from './api';
import { asAppError, methodsOver } from './call';
import { DAMAGED_EVENT } from './events';
import type { AppError, Change, Commands, JobProgress, Printed, Session } from './contract';

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

/** How long the stream of changes waits before it tries again after the server refused it. */
const STREAM_RETRY_MS = 3000;

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
  const changeHandlers = new Set<(change: Change | null) => void>();
  let changes: { source: EventSource; token: string } | null = null;
  let awayTimer: ReturnType<typeof setTimeout> | null = null;

  /** One stream of `changed` events for the session while anyone listens: opened at the
   * login, closed at the logout, opened again after the server was away (and then every
   * listener hears `null`: what happened meanwhile was not heard). */
  function followChanges(away = false): void {
    if (changes && changes.token === token) return;
    changes?.source.close();
    changes = null;
    if (!token || changeHandlers.size === 0 || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    const opened = { source, token };
    changes = opened;
    source.addEventListener('changed', (e) => {
      let change: Change;
      try {
        change = JSON.parse((e as MessageEvent<string>).data) as Change;
      } catch {
        return; // A malformed event tells nothing.
      }
      for (const handler of changeHandlers) handler(change);
    });
    source.addEventListener('open', () => {
      if (!away) return;
      away = false;
      for (const handler of changeHandlers) handler(null);
    });
    // The browser retries a dropped stream by itself, but not a refused one (the server
    // restarted, a 401): try again in a while, while this session lasts.
    source.addEventListener('error', () => {
      away = true;
      if (source.readyState !== EventSource.CLOSED || changes !== opened) return;
      changes = null;
      if (awayTimer) clearTimeout(awayTimer);
      awayTimer = setTimeout(() => followChanges(true), STREAM_RETRY_MS);
    });
  }

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

  async function call<T>(command: keyof Commands, args?: object): Promise<T> {
    try {
      return await post<T>(command, args);
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
    const printed = await call<Printed>('make_document', args);
    await deliver(printed.path);
    return printed;
  }

  const backend: Backend = {
    ...methodsOver((command, args) => call(command, args)),
    login: async (args) => {
      const answer = await call<{ token: string; account: Session }>('login', args);
      token = answer.token;
      followChanges();
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
        followChanges();
      }
      return null;
    },
    // The server's printer is not the desk's: both show the PDF here (`job` stays null).
    previewDocument: madeDocument,
    printDocument: madeDocument,
    // The server's folders are not the desk's: the file itself comes here.
    openFile: async ({ path }) => {
      await deliver(path);
      return null;
    },
    openFolder: async ({ path }) => {
      await deliver(path);
      return null;
    },
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
    onChanged: async (handler) => {
      changeHandlers.add(handler);
      followChanges();
      return () => {
        changeHandlers.delete(handler);
        if (changeHandlers.size === 0) {
          changes?.source.close();
          changes = null;
        }
      };
    },
  };

  return { backend, events };
}

const http = createHttp();

/** The browser's backend (see above). */
export const httpBackend: Backend = http.backend;

/** The server's `progress` events, for the session of `httpBackend`. */
export const httpEvents: BackendEvents = http.events;
