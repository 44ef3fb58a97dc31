// The browser's backend (http.ts) against a fake `markt serve`: a stubbed `fetch` that
// records each request and answers as the server's contract says.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/lib/backend/api';
import { commandName, methodName } from '../../src/lib/backend/call';
import { DAMAGED_EVENT } from '../../src/lib/backend/events';
import { createHttp, httpBackend } from '../../src/lib/backend/http';
import { COMMANDS, type AppError, type Session } from '../../src/lib/backend/contract';

/** The methods of `Backend`: one per command of the generated table. */
const METHODS = COMMANDS.map(methodName);
/** The methods http.ts writes itself: the session's token, and files that come to this desk. */
const OWN = ['login', 'logout', 'previewDocument', 'printDocument', 'openFile', 'openFolder'];

const ACCOUNT: Session = { username: 'toezicht', displayName: 'Kees Bakker', role: 'supervisor', permissions: ['IssuePermits'] };
const TOKEN = 'a1b2c3';

interface Sent {
  url: string;
  method: string;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
}

/** A JSON body, or `raw` text, or a file (`blob`). */
type Answer = { status: number; body: unknown; raw?: string; blob?: Blob };

/** A fake server: `answers` by path (or the default), every request recorded in `sent`. */
function fakeServer(answers: Record<string, Answer> = {}) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    sent.push({
      url,
      method: init.method ?? 'GET',
      authorization: headers.get('authorization'),
      contentType: headers.get('content-type'),
      body: JSON.parse(String(init.body)),
    });
    const answer =
      answers[url] ?? (url === '/api/login' ? { status: 200, body: { token: TOKEN, account: ACCOUNT } } : { status: 200, body: null });
    if (answer.blob) return new Response(answer.blob, { status: answer.status });
    return new Response(answer.raw ?? JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': answer.raw === undefined ? 'application/json' : 'text/plain' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { sent, fetch, last: () => sent[sent.length - 1] };
}

function error(code: string, message = 'een fout', fields: AppError['fields'] = []): AppError {
  return { code, message, fields };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the HTTP backend (markt serve)', () => {
  let backend: Backend;
  beforeEach(() => {
    backend = createHttp().backend;
  });

  it('implements every method of the contract, and nothing else', () => {
    expect(METHODS.length).toBeGreaterThan(50);
    expect(Object.keys(httpBackend).sort()).toEqual([...METHODS].sort());
  });

  it('login posts the credentials to /api/login, keeps the token and answers the account', async () => {
    const server = fakeServer();
    const account = await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    expect(account).toEqual(ACCOUNT);
    expect(server.sent).toEqual([
      {
        url: '/api/login',
        method: 'POST',
        authorization: null,
        contentType: 'application/json',
        body: { username: 'toezicht', password: 'toezicht-2026' },
      },
    ]);
    await backend.listMarkets();
    expect(server.last().authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('every method posts to /api/<snake_case> with its arguments as JSON and the bearer token', async () => {
    const server = fakeServer();
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    const methods = METHODS.filter((m) => !OWN.includes(m));
    const call = backend as unknown as Record<string, (args?: object) => Promise<unknown>>;
    for (const name of methods) {
      const args = { probe: name, offset: 0, nested: { list: [1, 2], none: null } };
      const answer = await call[name](args);
      expect(answer, name).toBeNull();
      const sent = server.last();
      expect(sent.url, name).toBe(`/api/${commandName(name)}`);
      expect(sent.method, name).toBe('POST');
      expect(sent.authorization, name).toBe(`Bearer ${TOKEN}`);
      expect(sent.contentType, name).toBe('application/json');
      // The arguments object as the Tauri command takes it.
      expect(sent.body, name).toEqual(args);
    }
    expect(server.sent.length).toBe(methods.length + 1);
    expect(server.sent.map((s) => s.url)).toContain('/api/search_vendors');
    expect(server.sent.map((s) => s.url)).toContain('/api/set_market_branch_rule');
  });

  it('answers the JSON the command returns', async () => {
    const page = { items: [{ id: 1, surname: 'Berg' }], total: 1 };
    const server = fakeServer({ '/api/search_vendors': { status: 200, body: page }, '/api/today': { status: 200, body: '2026-11-28' } });
    expect(await backend.searchVendors({ query: 'berg', marketId: null, offset: 0, limit: 20 })).toEqual(page);
    expect(server.last().body).toEqual({ query: 'berg', marketId: null, offset: 0, limit: 20 });
    // Without a session: no Authorization header at all.
    expect(server.last().authorization).toBeNull();
    expect(await backend.today()).toBe('2026-11-28');
  });

  it('an error answer becomes the AppError it carries, whatever the status', async () => {
    const invalid = error('invalid', 'controleer de velden', [{ field: 'surname', problem: 'required', message: 'verplicht veld' }]);
    fakeServer({
      '/api/save_vendor': { status: 422, body: invalid },
      '/api/list_accounts': { status: 403, body: error('forbidden', 'geen toegang') },
      '/api/issue_permit': { status: 409, body: error('conflict') },
      '/api/get_vendor': { status: 404, body: error('not_found') },
      '/api/file': { status: 404, body: error('not_found', 'geen bestand van deze sessie') },
      '/api/quote': { status: 500, body: error('no_tariff_plan', 'geen tariefplan') },
    });
    await backend.login({ username: 'beheer', password: 'x' });
    expect(await rejection(backend.saveVendor({ id: null, input: {} as never }))).toEqual(invalid);
    expect(await rejection(backend.listAccounts())).toEqual(error('forbidden', 'geen toegang'));
    expect((await rejection(backend.issuePermit({ form: {} as never }))).code).toBe('conflict');
    expect((await rejection(backend.getVendor({ id: 9 }))).code).toBe('not_found');
    expect(await rejection(backend.openFile({ path: '/tmp/x.pdf' }))).toEqual(error('not_found', 'geen bestand van deze sessie'));
    expect(await rejection(backend.quote({ request: {} as never }))).toEqual(error('no_tariff_plan', 'geen tariefplan'));
  });

  it('an error answer that is not an AppError is one by its status; a lost server is internal', async () => {
    fakeServer({
      '/api/list_markets': { status: 502, body: null, raw: 'Bad Gateway' },
      '/api/list_branches': { status: 403, body: null, raw: '' },
      '/api/products': { status: 200, body: null, raw: '<!doctype html>' },
    });
    expect(await rejection(backend.listMarkets())).toEqual(error('internal', 'Bad Gateway'));
    expect(await rejection(backend.listBranches())).toEqual(error('forbidden', 'HTTP 403'));
    expect((await rejection(backend.products())).code).toBe('internal');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const lost = await rejection(backend.vatRates());
    expect(lost.code).toBe('internal');
    expect(lost.message).toContain('Failed to fetch');
  });

  it('a 401 forgets the token: the next request goes without one', async () => {
    const server = fakeServer({ '/api/day_view': { status: 401, body: error('session_expired', 'sessie verlopen') } });
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    await backend.listMarkets();
    expect(server.last().authorization).toBe(`Bearer ${TOKEN}`);
    expect(await rejection(backend.dayView({ marketId: 1, day: '2026-11-28' }))).toEqual(error('session_expired', 'sessie verlopen'));
    await backend.listMarkets();
    expect(server.last().authorization).toBeNull();
    // Logging in again brings a new token.
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    await backend.listMarkets();
    expect(server.last().authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a 403 keeps the token', async () => {
    const server = fakeServer({ '/api/list_accounts': { status: 403, body: error('forbidden') } });
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    expect((await rejection(backend.listAccounts())).code).toBe('forbidden');
    await backend.listMarkets();
    expect(server.last().authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a wrong password rejects with login_failed and keeps no token', async () => {
    const failed = error('login_failed', 'onjuiste gebruikersnaam of onjuist wachtwoord');
    const server = fakeServer({ '/api/login': { status: 401, body: failed } });
    expect(await rejection(backend.login({ username: 'beheer', password: 'fout' }))).toEqual(failed);
    await backend.session();
    expect(server.last()).toMatchObject({ url: '/api/session', authorization: null, body: {} });
  });

  it('logout posts /api/logout with the token, then forgets it', async () => {
    const server = fakeServer();
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    await backend.logout();
    expect(server.last()).toMatchObject({ url: '/api/logout', method: 'POST', authorization: `Bearer ${TOKEN}`, body: {} });
    await backend.session();
    expect(server.last()).toMatchObject({ url: '/api/session', authorization: null });
  });

  it('logout of a session already gone succeeds; another failure rejects, the token forgotten all the same', async () => {
    const server = fakeServer({ '/api/logout': { status: 401, body: error('session_expired') } });
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    await expect(backend.logout()).resolves.toBeNull();
    fakeServer({ '/api/logout': { status: 500, body: error('database', 'schijf vol') } });
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    expect((await rejection(backend.logout())).code).toBe('database');
    const after = fakeServer();
    await backend.listMarkets();
    expect(after.last().authorization).toBeNull();
    expect(server.sent.length).toBe(2);
  });

  it('a document is made on the server, then fetched by this session and shown in a new tab', async () => {
    const printed = { fileName: 'dagstaat.pdf', path: '/srv/out/dagstaat.pdf', pages: 2, job: null };
    const pdf = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    const server = fakeServer({ '/api/make_document': { status: 200, body: printed }, '/api/file': { status: 200, body: null, blob: pdf } });
    const opened: string[] = [];
    vi.stubGlobal('window', { open: (url: string) => opened.push(url) });
    await backend.login({ username: 'toezicht', password: 'toezicht-2026' });
    const request = { document: 'daily-list', marketId: 1, day: '2026-11-28' };
    expect(await backend.previewDocument({ request })).toEqual(printed);
    expect(server.sent.slice(1).map((s) => [s.url, s.body, s.authorization])).toEqual([
      ['/api/make_document', { request }, `Bearer ${TOKEN}`],
      ['/api/file', { path: printed.path }, `Bearer ${TOKEN}`],
    ]);
    expect(opened.length).toBe(1);
    expect(opened[0]).toMatch(/^blob:/);
    await backend.printDocument({ request });
    expect(server.sent.slice(3).map((s) => s.url)).toEqual(['/api/make_document', '/api/file']);
    expect(opened.length).toBe(2);
  });

  it('openFile and openFolder download the file this session made; nothing opens on the server', async () => {
    const csv = new Blob(['a;b\n'], { type: 'text/csv' });
    const server = fakeServer({ '/api/file': { status: 200, body: null, blob: csv } });
    const clicked: { href: string; download: string }[] = [];
    vi.stubGlobal('window', { open: () => undefined });
    vi.stubGlobal('document', {
      createElement: () => {
        const a = { href: '', download: '', click: () => clicked.push({ href: a.href, download: a.download }) };
        return a;
      },
    });
    await backend.login({ username: 'financien', password: 'x' });
    expect(await backend.openFile({ path: '/srv/out/batch-0007.csv' })).toBeNull();
    expect(await backend.openFolder({ path: 'C:\\out\\lijst.csv' })).toBeNull();
    expect(clicked.map((c) => c.download)).toEqual(['batch-0007.csv', 'lijst.csv']);
    expect(clicked.every((c) => c.href.startsWith('blob:'))).toBe(true);
    expect(server.sent.slice(1).map((s) => [s.url, s.body])).toEqual([
      ['/api/file', { path: '/srv/out/batch-0007.csv' }],
      ['/api/file', { path: 'C:\\out\\lijst.csv' }],
    ]);
  });

  it('damaged_database raises the app-wide event, as in the window', async () => {
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    const seen: AppError[] = [];
    target.addEventListener(DAMAGED_EVENT, (e) => seen.push((e as CustomEvent<AppError>).detail));
    const damaged = error('damaged_database', 'de database is beschadigd');
    fakeServer({ '/api/list_markets': { status: 500, body: damaged } });
    expect(await rejection(backend.listMarkets())).toEqual(damaged);
    expect(seen).toEqual([damaged]);
    fakeServer({ '/api/list_markets': { status: 409, body: error('conflict') } });
    await rejection(backend.listMarkets());
    expect(seen.length).toBe(1);
  });
});

/** A fake EventSource: records the URL, soon fires `open` (or `error`, when told), and lets
 * a test send events. */
class FakeEventSource extends EventTarget {
  static made: FakeEventSource[] = [];
  static first: 'open' | 'error' = 'open';
  static readonly CLOSED = 2;
  readyState = 0;
  closed = false;
  constructor(public url: string) {
    super();
    FakeEventSource.made.push(this);
    setTimeout(() => this.fire(FakeEventSource.first), 0);
  }
  /** `open`, or `error` as a browser does for a refused stream: closed, no retry of its own. */
  fire(what: 'open' | 'error') {
    this.readyState = what === 'open' ? 1 : FakeEventSource.CLOSED;
    this.dispatchEvent(new Event(what));
  }
  send(event: string, data: string) {
    this.dispatchEvent(new MessageEvent(event, { data }));
  }
  close() {
    this.closed = true;
  }
}

describe('the HTTP events (server-sent)', () => {
  beforeEach(() => {
    FakeEventSource.made = [];
    FakeEventSource.first = 'open';
    vi.stubGlobal('EventSource', FakeEventSource);
  });

  it('streams progress from /api/events with the session token until stopped', async () => {
    const { backend, events } = createHttp();
    fakeServer();
    await backend.login({ username: 'financien', password: 'financien-2026' });
    const seen: unknown[] = [];
    const stop = await events.onProgress((p) => seen.push(p));
    expect(FakeEventSource.made.map((s) => s.url)).toEqual([`/api/events?token=${TOKEN}`]);
    const source = FakeEventSource.made[0];
    const progress = { job: 'export-1', phase: 'rows', done: 3, total: 10 };
    source.send('progress', JSON.stringify(progress));
    source.send('other', JSON.stringify({ job: 'x' }));
    source.send('progress', 'not json');
    expect(seen).toEqual([progress]);
    stop();
    expect(source.closed).toBe(true);
  });

  it('opens no stream without a session', async () => {
    const { events } = createHttp();
    const stop = await events.onProgress(() => {});
    expect(FakeEventSource.made).toEqual([]);
    stop();
  });

  it('starts the job even when the stream fails', async () => {
    FakeEventSource.first = 'error';
    const { backend, events } = createHttp();
    fakeServer();
    await backend.login({ username: 'financien', password: 'financien-2026' });
    vi.useFakeTimers();
    try {
      const started = events.onProgress(() => {});
      await vi.advanceTimersByTimeAsync(10);
      const stop = await started;
      expect(FakeEventSource.made.length).toBe(1);
      stop();
      expect(FakeEventSource.made[0].closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the changes of other desks (server-sent)', () => {
  beforeEach(() => {
    FakeEventSource.made = [];
    FakeEventSource.first = 'open';
    vi.stubGlobal('EventSource', FakeEventSource);
  });

  const change = { topic: 'permits', command: 'issue_permit', marketId: 1, day: '2026-11-28', by: 'Ans', mine: false };

  it('follows the session: a stream from the login to the logout, each change to every listener', async () => {
    const { backend, events } = createHttp();
    fakeServer();
    const seen: unknown[] = [];
    const stop = await events.onChanged((c) => seen.push(c));
    expect(FakeEventSource.made).toEqual([]);
    await backend.login({ username: 'medewerker', password: 'marktbureau-2026' });
    expect(FakeEventSource.made.map((s) => s.url)).toEqual([`/api/events?token=${TOKEN}`]);
    const source = FakeEventSource.made[0];
    source.send('changed', JSON.stringify(change));
    source.send('changed', 'not json');
    source.send('progress', JSON.stringify({ job: 'x', phase: 'p', done: 1, total: null }));
    expect(seen).toEqual([change]);
    await backend.logout();
    expect(source.closed).toBe(true);
    stop();
  });

  it('after the server refused the stream it tries again, and then says that anything may have changed', async () => {
    const { backend, events } = createHttp();
    fakeServer();
    await backend.login({ username: 'medewerker', password: 'marktbureau-2026' });
    vi.useFakeTimers();
    try {
      const seen: unknown[] = [];
      const stop = await events.onChanged((c) => seen.push(c));
      await vi.advanceTimersByTimeAsync(10);
      const [first] = FakeEventSource.made;
      first.fire('error');
      expect(FakeEventSource.made.length).toBe(1);
      await vi.advanceTimersByTimeAsync(3000);
      expect(FakeEventSource.made.length).toBe(2);
      await vi.advanceTimersByTimeAsync(10);
      expect(seen).toEqual([null]);
      FakeEventSource.made[1].send('changed', JSON.stringify(change));
      expect(seen).toEqual([null, change]);
      stop();
      expect(FakeEventSource.made[1].closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
