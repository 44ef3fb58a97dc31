// Browser flows on the REAL core: `markt serve` over a fresh copy of the demo city, the real
// build (dist) in headless Chromium, the HTTP backend (src/lib/backend/http.ts). Every
// assertion is against the core's own answers and texts, or the database itself (sqlite3).
// `npm run test:serve` builds first; the binary is ../target/debug/markt (or under
// CARGO_TARGET_DIR; MARKTKANTOOR_CLI names another).
//
// The clock is fixed, never the wall clock's: the demo's history ends on Friday 27-11-2026 and
// the server's clock (MARKTKANTOOR_NOW, honoured on a demo database) is its tomorrow morning,
// Saturday 28-11-2026 08:30, when the Albert Cuypmarkt (AC) is held and has no permits yet.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeViolations, launch, newPage, Suite, assert, equal } from './harness.mjs';
import { servePermitFlows } from './serve-permits.mjs';
import { serveBasicFlows } from './serve-basics.mjs';
import { serveDeskFlows } from './serve-desk.mjs';
import { serveInspectionFlows } from './serve-inspections.mjs';
import { serveReportFlows } from './serve-reports.mjs';
import { serveDateFlows } from './serve-dates.mjs';
import { servePrintFlows } from './serve-print.mjs';
import { serveCounterFlows } from './serve-counter.mjs';
import { serveLiveFlows } from './serve-live.mjs';
import { serveTouchFlows } from './serve-touch.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const uiDir = path.resolve(here, '../..');
const root = path.resolve(uiDir, '..');
// The debug build in cargo's target folder (CARGO_TARGET_DIR when set, as in a worktree).
const target = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const markt = process.env.MARKTKANTOOR_CLI ?? path.join(target, 'debug/markt');
const dist = process.env.MARKTKANTOOR_UI_DIST ?? path.join(uiDir, 'dist');
const screenshot = path.join(root, 'docs/screenshots/24-browser-markt-serve.png');

const DEMO_TODAY = '2026-11-27';
const MORNING = '2026-11-28';
const NOW = '2026-11-28T08:30:00+01:00';

const ACCOUNTS = {
  admin: ['beheer', 'beheer-2026'],
  senior: ['medewerker', 'marktbureau-2026'],
  supervisor: ['toezicht', 'toezicht-2026'],
  finance: ['financien', 'financien-2026'],
};
// What each role sees: the sections of the navigation, by role.
const ALL_NAV = ['vandaag', 'markten', 'ondernemers', 'indeling', 'vergunningen', 'controles', 'rapporten', 'beheer'];
const NAV = {
  admin: ALL_NAV,
  senior: ALL_NAV,
  supervisor: ALL_NAV.filter((s) => s !== 'beheer'),
  finance: ['vandaag', 'rapporten'],
};

// SERVE_ONLY=roles,desk runs only those groups (while working on one); all by default.
const ONLY = (process.env.SERVE_ONLY ?? '').split(',').filter(Boolean);
const wanted = (group) => ONLY.length === 0 || ONLY.includes(group);

const tid = (id) => `[data-testid="${id}"]`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-serve-'));
const demo = path.join(work, 'demo.sqlite');
const suite = new Suite();

/** The running server: its process, address, database and output. */
let server = null;
// However the run ends (an exception, Ctrl+C), the server and the copies go with it.
let chromiumDir = null;
process.on('exit', () => {
  server?.proc.kill('SIGKILL');
  for (const dir of [work, chromiumDir]) {
    try {
      if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A browser dying with the run may still be writing its profile: best effort.
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function sql(db, query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A fresh copy of the demo city (or of `options.db`) and `markt serve` over it; resolves once it listens. */
async function startServer(name, { db: source = demo } = {}) {
  await stopServer();
  const db = path.join(work, `${name}.sqlite`);
  fs.copyFileSync(source, db);
  const port = await freePort();
  const proc = spawn(markt, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--ui', dist], {
    env: { ...process.env, MARKTKANTOOR_NOW: NOW, XDG_DOWNLOAD_DIR: path.join(work, 'Downloads') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`markt serve did not listen within 30 s:\n${output.join('')}`)), 30000);
    let stdout = '';
    proc.stdout.on('data', (chunk) => {
      output.push(String(chunk));
      stdout += chunk;
      const m = /Marktkantoor luistert op (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr.on('data', (chunk) => output.push(String(chunk)));
    proc.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`markt serve stopped (${code ?? signal}):\n${output.join('')}`));
    });
  });
  equal(base, `http://127.0.0.1:${port}`, 'the address it says it listens on');
  server = { proc, base, db, output };
  return server;
}

async function stopServer() {
  if (!server) return;
  const { proc } = server;
  server = null;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** The API as any client calls it (from Node: the same requests the page makes). */
async function api(command, args = {}, token = null) {
  const response = await fetch(`${server.base}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

async function apiLogin(role) {
  const [username, password] = ACCOUNTS[role];
  const { status, body } = await api('login', { username, password });
  equal(status, 200, `login ${username}`);
  return body;
}

/** An error answer as the contract says: the status, `{code, message, fields}`. */
function isError(answer, status, code, what) {
  equal(answer.status, status, `${what}: status`);
  assert(answer.body && typeof answer.body === 'object', `${what}: a JSON error, got ${JSON.stringify(answer.body)}`);
  equal(answer.body.code, code, `${what}: code`);
  assert(typeof answer.body.message === 'string' && answer.body.message.length > 0, `${what}: a message`);
  assert(Array.isArray(answer.body.fields), `${what}: fields is a list (${JSON.stringify(answer.body)})`);
}

const { browser, userDataDir } = await launch();
chromiumDir = userDataDir;

/** A page on the server; its console errors, page errors and CSP violations in `problems`. */
async function open(problems) {
  const page = await newPage(browser, problems);
  page.setDefaultTimeout(10000);
  await page.goto(`${server.base}/`);
  return page;
}

async function login(role, problems, hash = '') {
  const page = await open(problems);
  const [user, password] = ACCOUNTS[role];
  await page.fill(tid('login-username'), user);
  await page.fill(tid('login-password'), password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('user-menu'));
  if (hash) await page.evaluate((h) => (location.hash = h), hash);
  return page;
}

async function navIds(page) {
  return page.$$eval('[data-testid^="nav-"]', (els) => els.map((e) => e.dataset.testid.slice(4)));
}

function noProblems(problems, what) {
  equal(problems, [], `${what}: no console errors, page errors or CSP violations`);
}

/** The page as it is now passes WCAG 2.1 AA by axe-core: no serious or critical violation. */
async function accessible(page, what) {
  equal(await axeViolations(page), [], `${what}: no serious or critical accessibility violation (axe-core, WCAG 2.1 AA)`);
}

let exitCode = 1;
try {
  assert(fs.existsSync(markt), `the markt binary is missing: ${markt}`);
  assert(fs.existsSync(path.join(dist, 'index.html')), `the build is missing: ${dist} (npm run test:serve builds it)`);
  execFileSync(markt, ['--db', demo, 'demo', '--seed', '1', '--today', DEMO_TODAY], { stdio: 'ignore' });
  const AC = sql(demo, "SELECT id FROM market WHERE code = 'AC'");
  equal(sql(demo, `SELECT count(*) FROM daily_permit WHERE day = '${MORNING}'`), '0', 'no permits on the morning yet');

  // ── Logging in: the four roles, a wrong password, the session in memory only ──────────
  if (wanted('roles')) await rolesFlows();
  if (wanted('morning')) await morningFlows();
  if (wanted('door')) await doorFlows();

  // ── The rest, one module per area; each starts its own servers on fresh copies ────────
  const ctx = {
    suite, startServer, stopServer, api, apiLogin, isError, open, login, navIds, noProblems, accessible, sql, tid, assert, equal,
    browser, markt, demo, work, dist, root, AC, MORNING, DEMO_TODAY, NOW, ACCOUNTS, NAV,
  };
  if (wanted('permits')) await servePermitFlows(ctx);
  if (wanted('basics')) await serveBasicFlows(ctx);
  if (wanted('desk')) await serveDeskFlows(ctx);
  if (wanted('inspections')) await serveInspectionFlows(ctx);
  if (wanted('reports')) await serveReportFlows(ctx);
  if (wanted('dates')) await serveDateFlows(ctx);
  if (wanted('print')) await servePrintFlows(ctx);
  if (wanted('counter')) await serveCounterFlows(ctx);
  if (wanted('live')) await serveLiveFlows(ctx);
  if (wanted('touch')) await serveTouchFlows(ctx);

  async function rolesFlows() {
    await startServer('roles');

    await suite.test('serve: the build over HTTP, the server’s clock and no session before a login', async () => {
      const page = await fetch(`${server.base}/`);
      equal(page.status, 200, 'GET / serves the UI');
      assert((await page.text()).includes('<div id="app">'), 'the UI’s index.html');
      const today = await api('today');
      equal(today, { status: 200, body: MORNING }, 'today without a token, by the set clock');
      equal(await api('session'), { status: 200, body: null }, 'no session without a token');
      const startup = await api('startup');
      equal([startup.status, startup.body.state], [200, 'ready'], 'startup without a token');
      isError(await api('list_markets'), 401, 'not_logged_in', 'a command without a token');
    });

    for (const role of ['admin', 'senior', 'supervisor', 'finance']) {
      await suite.test(`serve: ${role} logs in and sees its navigation`, async () => {
        const problems = [];
        const [username] = ACCOUNTS[role];
        const displayName = sql(server.db, `SELECT display_name FROM account WHERE username = '${username}'`);
        const page = await login(role, problems);
        equal(await navIds(page), NAV[role], `${role}: the navigation`);
        const menu = await page.textContent(tid('user-menu'));
        assert(menu.includes(displayName), `the user menu shows ${displayName}: ${menu}`);
        equal(await page.locator(tid('mock-banner')).count(), 0, 'no mock banner');
        // Every role lands on its Vandaag; finance's has the money and the finance batch.
        await page.waitForSelector(tid('today-markets'));
        assert(/zaterdag 28 november 2026/.test(await page.textContent(tid('today-date'))), 'Vandaag is the server’s Saturday');
        if (role === 'finance') await page.waitForSelector(tid('today-finance'));
        if (role === 'supervisor') {
          await page.evaluate(() => (location.hash = '#/beheer'));
          await page.waitForSelector(tid('no-access'));
        }
        // The token lives in memory only: no cookie, nothing stored; a reload logs out.
        equal(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length]), ['', 0, 0], 'nothing stored');
        await page.reload();
        await page.waitForSelector(tid('login-username'));
        await page.fill(tid('login-username'), username);
        await page.fill(tid('login-password'), ACCOUNTS[role][1]);
        await page.click(tid('login-submit'));
        await page.waitForSelector(tid('user-menu'));
        await page.click(tid('logout'));
        await page.waitForSelector(tid('login-username'));
        noProblems(problems, role);
        await page.close();
      });
    }

    await suite.test('serve: a wrong password shows the core’s error', async () => {
      const problems = [];
      // The core's own answer first, as any client gets it.
      const wrong = await api('login', { username: 'medewerker', password: 'fout' });
      isError(wrong, 401, 'login_failed', 'a wrong password');
      const page = await open(problems);
      await page.fill(tid('login-username'), 'medewerker');
      await page.fill(tid('login-password'), 'fout');
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('login-error'));
      equal(await page.getAttribute(tid('login-error'), 'data-code'), 'login_failed', 'the code');
      equal((await page.textContent(tid('login-error'))).trim(), wrong.body.message, 'the core’s message');
      // And the right one still works.
      await page.fill(tid('login-password'), ACCOUNTS.senior[1]);
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('user-menu'));
      // The browser logs the 401 itself; nothing else may go wrong.
      equal(
        problems.filter((p) => !/Failed to load resource: the server responded with a status of 401/.test(p)),
        [],
        'nothing but the 401 in the console',
      );
      await page.close();
    });
  }

  // ── The vendors and the market morning: the core searches, the counter issues ────────
  async function morningFlows() {
    await startServer('morning');

    await suite.test('serve: vendor search as you type finds the core’s vendors', async () => {
      const problems = [];
      const page = await login('senior', problems, '#/ondernemers');
      await page.waitForSelector(tid('vendor-search'));
      await page.waitForSelector(tid('vendor-row'));
      const [number, surname, id] = sql(
        server.db,
        "SELECT registration_number, surname, id FROM vendor WHERE status = 'actief' AND surname NOT LIKE '% %' ORDER BY id LIMIT 1 OFFSET 40",
      ).split('|');
      // What the core answers for the surname, as the page will ask it.
      const token = (await apiLogin('senior')).token;
      const expected = await api('search_vendors', { query: surname.toLowerCase(), offset: 0, limit: 200 }, token);
      equal(expected.status, 200, 'search_vendors answers');
      assert(expected.body.total > 0, `the core finds ${surname}: ${JSON.stringify(expected.body).slice(0, 200)}`);
      // Typed key by key: the list follows.
      await page.click(tid('vendor-search'));
      await page.keyboard.type(surname.toLowerCase(), { delay: 40 });
      await page.waitForFunction(
        (n) => {
          const rows = [...document.querySelectorAll('[data-testid="vendor-row"]')];
          return rows.length > 0 && rows.every((r) => r.textContent.toLowerCase().includes(n));
        },
        surname.toLowerCase(),
      );
      const count = await page.textContent(tid('vendor-count'));
      assert(count.replace(/\D/g, '') === String(expected.body.total), `the count is the core’s (${expected.body.total}): ${count}`);
      // A registration number, with the dot, finds that one vendor.
      const dotted = `${number.slice(0, 8)}.${number.slice(8)}`;
      await page.fill(tid('vendor-search'), dotted);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="vendor-row"]').length === 1);
      const row = await page.textContent(tid('vendor-row'));
      assert(row.includes(surname), `the row of ${dotted} shows ${surname}: ${row}`);
      await page.click(tid('vendor-row'));
      await page.waitForSelector(tid('vendor-form'));
      assert((await page.textContent(tid('screen-title'))).includes(surname), 'the vendor opens');
      assert((await page.url()).includes(id), `the vendor’s page: ${page.url()}`);
      noProblems(problems, 'vendor search');
      await page.close();
    });

    await suite.test('serve: the counter issues a permit for a fixed holder of AC: number, Enter, Enter', async () => {
      const problems = [];
      // A fixed holder of AC with fixed products and a fixed stall, active, without an
      // enforcement request, and no permit on the morning (as tests/e2e/app.test.mjs picks).
      const [number, vendorId] = sql(
        server.db,
        `SELECT v.registration_number, v.id FROM vendor v
           JOIN registration r ON r.vendor_id = v.id AND r.voided = 0
           JOIN market m ON m.id = r.market_id AND m.code = 'AC'
          WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
            AND r.status <> 'soll'
            AND EXISTS (SELECT 1 FROM registration_product rp WHERE rp.registration_id = r.id)
            AND EXISTS (SELECT 1 FROM registration_stall rs WHERE rs.registration_id = r.id)
            AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
          ORDER BY r.list_number LIMIT 1`,
      ).split('|');
      assert(number && vendorId, 'a fixed holder of AC');
      const page = await login('supervisor', problems, '#/vergunningen/uitgifte');
      await page.waitForSelector(tid('counter-vendor'));
      equal(await page.inputValue(tid('permits-market')), AC, 'AC, the first market held today, is chosen');
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
      await page.keyboard.type(number, { delay: 30 });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${tid('counter-form')}[data-vendor-id="${vendorId}"]`);
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-save');
      equal(await page.locator(tid('counter-warning')).count(), 0, 'no warnings for a fixed holder');
      await page.waitForSelector(tid('counter-total'));
      const cents = Number(await page.getAttribute(tid('counter-total'), 'data-cents'));
      assert(cents > 0, `a total: ${cents}`);
      await page.screenshot({ path: screenshot });
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('issued'));
      const invoice = await page.getAttribute(tid('issued'), 'data-invoice');
      assert(/^D2026-\d{6}$/.test(invoice), `an invoice number: ${invoice}`);
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
      await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
      // In the database: the permit of the morning, with its payment by pin for the total.
      equal(
        sql(
          server.db,
          `SELECT p.vendor_id || '|' || p.market_id || '|' || p.day || '|' || pay.method || '|' || pay.amount_cents
             FROM daily_permit p JOIN payment pay ON pay.permit_id = p.id WHERE p.invoice_number = '${invoice}'`,
        ),
        `${vendorId}|${AC}|${MORNING}|pin|${cents}`,
        'the permit and its payment are stored',
      );
      equal(sql(server.db, `SELECT count(*) FROM daily_permit WHERE day = '${MORNING}'`), '1', 'one permit on the morning');
      noProblems(problems, 'counter');
      await page.close();
    });
  }

  // ── The API's door: roles and sessions are the core's, whoever calls ────────────────────
  async function doorFlows() {
    await startServer('door');

    await suite.test('serve: a supervisor calling an admin command with their token gets 403 forbidden', async () => {
      const problems = [];
      const page = await open(problems);
      // From the page itself: the same origin, the supervisor's own token.
      const answers = await page.evaluate(async () => {
        const post = async (command, body, token) => {
          const r = await fetch(`/api/${command}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          });
          return { status: r.status, body: await r.json() };
        };
        const login = await post('login', { username: 'toezicht', password: 'toezicht-2026' });
        const token = login.body.token;
        return {
          login,
          accounts: await post('list_accounts', {}, token),
          vat: await post('set_vat_rate', { vat: 'hoog', from: '2027-01-01', percent: '30' }, token),
          markets: await post('list_markets', {}, token),
          openFile: await post('open_file', { path: '/etc/passwd' }, token),
        };
      });
      equal(answers.login.status, 200, 'the supervisor logs in');
      equal(answers.login.body.account.role, 'supervisor', 'the account is the session');
      isError(answers.accounts, 403, 'forbidden', 'list_accounts as supervisor');
      isError(answers.vat, 403, 'forbidden', 'set_vat_rate as supervisor');
      equal(answers.markets.status, 200, 'a command the supervisor may call');
      assert(answers.markets.body.some((m) => m.code === 'AC'), 'the markets');
      isError(answers.openFile, 403, 'not_over_http', 'open_file over HTTP');
      equal(sql(server.db, "SELECT count(*) FROM vat_rate WHERE valid_from = '2027-01-01'"), '0', 'no VAT rate stored');
      equal(
        problems.filter((p) => !/Failed to load resource: the server responded with a status of 403/.test(p)),
        [],
        'nothing but the 403s in the console',
      );
      await page.close();
    });

    await suite.test('serve: after logout the token is refused (401)', async () => {
      const { token, account } = await apiLogin('senior');
      equal(account.username, 'medewerker', 'the account');
      equal((await api('session', {}, token)).body?.username, 'medewerker', 'the token is the session');
      equal((await api('list_markets', {}, token)).status, 200, 'the token works');
      const out = await api('logout', {}, token);
      equal(out.status, 200, 'logout');
      const refused = await api('list_markets', {}, token);
      assert(['not_logged_in', 'session_expired'].includes(refused.body?.code), `a session code: ${JSON.stringify(refused.body)}`);
      isError(refused, 401, refused.body.code, 'the token after logout');
      equal((await api('session', {}, token)).body, null, 'no session for the token');
      isError(await api('list_markets', {}, 'nonsense'), 401, 'not_logged_in', 'a token never given');
    });

    await suite.test('serve: the UI logs out over HTTP and the session is gone', async () => {
      const problems = [];
      const page = await login('admin', problems);
      await page.waitForSelector(tid('today-markets'));
      await page.click(tid('logout'));
      await page.waitForSelector(tid('login-username'));
      // A reload asks the server for the session: none.
      await page.reload();
      await page.waitForSelector(tid('login-username'));
      noProblems(problems, 'logout');
      await page.close();
    });

    await suite.test('serve: progress of a job arrives as server-sent events', async () => {
      const problems = [];
      const page = await open(problems);
      const result = await page.evaluate(async () => {
        const post = async (command, body, token) => {
          const r = await fetch(`/api/${command}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          });
          return { status: r.status, body: await r.json() };
        };
        const { token } = (await post('login', { username: 'medewerker', password: 'marktbureau-2026' })).body;
        const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
        const events = [];
        source.addEventListener('progress', (e) => events.push(JSON.parse(e.data)));
        await new Promise((resolve, reject) => {
          source.onopen = resolve;
          source.onerror = () => reject(new Error('the event stream failed'));
        });
        const job = 'serve-test-vendors';
        const exported = await post('export_list', { request: { kind: 'vendors', from: null, until: null, marketIds: [], dialect: 'nl' }, job }, token);
        await new Promise((r) => setTimeout(r, 300));
        source.close();
        return { exported, events: events.filter((e) => e.job === job) };
      });
      equal(result.exported.status, 200, `export_list answers: ${JSON.stringify(result.exported.body)}`);
      assert(result.events.length > 0, 'progress events of the job');
      const last = result.events[result.events.length - 1];
      assert(typeof last.phase === 'string' && typeof last.done === 'number', `a JobProgress: ${JSON.stringify(last)}`);
      noProblems(problems, 'events');
      await page.close();
    });

    // A stream without a valid token is refused.
    await suite.test('serve: the event stream wants a session', async () => {
      const r = await fetch(`${server.base}/api/events?token=nonsense`);
      equal(r.status, 401, 'the status');
      const body = await r.json();
      equal(body.code, 'not_logged_in', 'the code');
    });
  }
} catch (e) {
  console.log(`FAIL the run itself\n     ${String(e?.stack ?? e)}`);
  suite.results.push({ name: 'the run', ok: false, error: e });
} finally {
  if (server) {
    const output = server.output.join('').trim();
    if (output && suite.results.some((r) => !r.ok)) console.log(`# the server said:\n# ${output.split('\n').slice(-30).join('\n# ')}`);
  }
  await stopServer();
  await browser.close();
  exitCode = suite.summary() > 0 ? 1 : 0;
}
process.exit(exitCode);
