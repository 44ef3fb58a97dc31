// The basic flows on the REAL core (called from serve.mjs): the build holding no test data,
// the first run and the start-up errors as `markt serve` gives them, logging in and
// locking out, what each role sees, every section built, Vandaag, the vendors (search, edit,
// validation, registrations, substitutes) and the stall map. Every vendor, market and stall
// is found in the demo database by SQL; what the page shows is compared with the database
// (sqlite3) or with the core's own answer to the same request (`api`).
//
// ctx: see serve.mjs (startServer(name, {db}), api, apiLogin, isError, open, login, navIds,
//      noProblems, sql, tid, assert, equal, markt, demo, work, dist, NOW, MORNING, ACCOUNTS, NAV)

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Beheer's tabs in the UI's order, and the actions of the core that open each (any of them). */
const ADMIN_TABS = [
  ['tarieven', ['EditTariffs']],
  ['producten', ['EditTariffs']],
  ['plannen', ['EditTariffs']],
  ['btw', ['EditTariffs']],
  ['offerte', ['EditTariffs']],
  ['overtredingen', ['EditViolations']],
  ['accounts', ['ManageAccounts', 'UnlockAccount']],
  ['bureau', ['EditOfficeSettings']],
  ['backups', ['MakeBackup']],
  ['auditlog', ['ViewAuditLog']],
];

/** Wrong passwords in a row that lock an account: MAX_FAILED_LOGINS in crates/markt/src/account.rs. */
const MAX_FAILED_LOGINS = 9;

/** The browser's own line for an answer with an error status (the flows that provoke one). */
const httpStatusLine = (codes) => new RegExp(`Failed to load resource: the server responded with a status of (${codes.join('|')})`);

export async function serveBasicFlows(ctx) {
  const { suite, startServer, stopServer, api, apiLogin, isError, open, login, navIds, noProblems, accessible, sql, tid, assert, equal } = ctx;
  const { markt, demo, work, dist, NOW, MORNING, ACCOUNTS, NAV } = ctx;
  let db = null;
  const q = (query) => sql(db, query);
  const lines = (text) => text.split('\n').filter(Boolean);

  /** SQL while the server has the file open: wait for its lock rather than fail. */
  const sqlWhileServing = (file, query) =>
    execFileSync('sqlite3', ['-cmd', '.timeout 10000', file, query], { encoding: 'utf8' }).trim();

  /** No horizontal scrollbar at 1280×720: neither the page nor the main area scrolls sideways. */
  async function noHorizontalScroll(page, where) {
    const widths = await page.evaluate(() => {
      const main = document.querySelector('main');
      return {
        doc: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
        main: main ? [main.scrollWidth, main.clientWidth] : [0, 0],
      };
    });
    assert(widths.doc[0] <= widths.doc[1], `${where}: the page scrolls sideways (${widths.doc})`);
    assert(widths.main[0] <= widths.main[1] + 1, `${where}: the main area scrolls sideways (${widths.main})`);
  }

  /** Resolves once the page has had no API request in flight for a while (the event stream aside). */
  function apiQuiet(page) {
    let inflight = 0;
    let last = Date.now();
    const ours = (r) => r.url().includes('/api/') && !r.url().includes('/api/events');
    page.on('request', (r) => {
      if (ours(r)) {
        inflight++;
        last = Date.now();
      }
    });
    const done = (r) => {
      if (ours(r)) {
        inflight--;
        last = Date.now();
      }
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    return async (quiet = 400, timeout = 20000) => {
      const start = Date.now();
      while (inflight > 0 || Date.now() - last < quiet) {
        if (Date.now() - start > timeout) throw new Error(`the page's API requests did not settle (${inflight} in flight)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
  }

  const digits = (text) => text.replace(/\D/g, '');
  const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '');
  const dotted = (number) => `${number.slice(0, 8)}.${number.slice(8)}`;

  // ── The build ─────────────────────────────────────────────────────────────────────────
  await suite.test('serve basics: the real build (dist) holds no mock backend and no mock data', async () => {
    const assets = path.join(dist, 'assets');
    const files = fs.readdirSync(assets);
    assert(files.some((f) => f.endsWith('.js')), `the build has its scripts: ${files}`);
    assert(!files.some((f) => /mock/i.test(f)), `no mock chunk: ${files}`);
    // The mock's own data and markers; and the demo city's data, which only the core makes.
    const demoData = lines(sql(demo, 'SELECT name FROM market UNION ALL SELECT display_name FROM account'));
    assert(demoData.length >= 8, `the demo's markets and accounts: ${demoData}`);
    const markers = ['rioleringswerk', 'geblokkeerd-2026', 'Piet Geblokkeerd', 'Fatima el Amrani', 'Mirjam de Vries', 'mock-banner', 'createMockBackend', ...demoData];
    const texts = [...files.filter((f) => /\.(js|css|html)$/.test(f)).map((f) => path.join(assets, f)), path.join(dist, 'index.html')];
    for (const file of texts) {
      const text = fs.readFileSync(file, 'utf8');
      for (const marker of markers) assert(!text.includes(marker), `${path.basename(file)} contains mock or demo data (${marker})`);
    }
  });

  // ── First run ─────────────────────────────────────────────────────────────────────────
  // Over HTTP there is no first run: `markt serve` will not start on a database without an
  // administrator, and create_database is refused over HTTP (it makes a file on the server's
  // disk). The setup screen is reached only when a served database loses its accounts; it
  // offers both choices, and each says the core's refusal plainly.
  await suite.test('serve basics: first run: serve refuses a new file; the setup screen offers empty and demo and shows the core’s refusal', async () => {
    const problems = [];
    const fresh = path.join(work, 'basics-new-empty.sqlite');
    fs.writeFileSync(fresh, '');
    const refusedStart = spawnSync(markt, ['--db', fresh, 'serve', '--listen', '127.0.0.1:0', '--ui', dist], {
      encoding: 'utf8',
      env: { ...process.env, MARKTKANTOOR_NOW: NOW },
      timeout: 30000,
    });
    assert(refusedStart.status !== null && refusedStart.status !== 0, `serve stops on a new file: ${refusedStart.status} ${refusedStart.signal}`);
    assert(!refusedStart.stdout.includes('luistert op'), `it never listens: ${refusedStart.stdout}`);
    assert(refusedStart.stderr.includes(fresh), `the message names the file: ${refusedStart.stderr}`);
    assert(/beheerder/.test(refusedStart.stderr) && /markt demo/.test(refusedStart.stderr), `and says what to do: ${refusedStart.stderr}`);
    equal(fs.statSync(fresh).size, 0, 'the new file is left as it was');

    // A served database without accounts: the core says needs_setup.
    const server = await startServer('basics-first-run');
    db = server.db;
    sqlWhileServing(db, 'DELETE FROM account');
    const startup = await api('startup');
    equal([startup.status, startup.body.state, startup.body.dbPath], [200, 'needs_setup', db], 'the core: needs_setup');
    const demoRefused = await api('create_database', { kind: 'demo', admin: null });
    isError(demoRefused, 403, 'not_over_http', 'create_database (demo) over HTTP');
    const admin = { username: 'eerste', displayName: 'Eerste Beheerder', password: 'eerste-beheer-2026' };
    const emptyRefused = await api('create_database', { kind: 'empty', admin });
    isError(emptyRefused, 403, 'not_over_http', 'create_database (empty) over HTTP');

    const page = await open(problems);
    await page.waitForSelector(tid('setup-demo'));
    assert(await page.isVisible(tid('setup-empty')), 'setup-empty is visible');
    assert((await page.textContent('main')).includes(db), 'the screen names the database file');
    // Demo: refused, said plainly; no login follows.
    await page.click(tid('setup-demo'));
    await page.waitForSelector(`${tid('form-error')}[data-code="not_over_http"]`);
    equal((await page.textContent(tid('form-error'))).trim(), demoRefused.body.message, 'the core’s refusal for the demo');
    equal(await page.locator(tid('login-username')).count(), 0, 'no login screen');
    // Empty: the form of the first administrator; creating is refused the same way.
    await page.click(tid('setup-empty'));
    await page.waitForSelector(tid('field-username'));
    equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'field-username', 'the focus is in the first field');
    await page.fill(tid('field-username'), admin.username);
    await page.fill(tid('field-displayName'), admin.displayName);
    await page.fill(tid('field-password'), admin.password);
    await page.click(tid('save'));
    await page.waitForFunction(() => {
      const e = document.querySelector('[data-testid="form-error"][data-code="not_over_http"]');
      return e && !document.querySelector('[data-testid="save"]')?.disabled;
    });
    equal((await page.textContent(tid('form-error'))).trim(), emptyRefused.body.message, 'the core’s refusal for an empty database');
    await page.getByRole('button', { name: 'Terug' }).click();
    await page.waitForSelector(tid('setup-demo'));
    equal(sqlWhileServing(db, 'SELECT count(*) FROM account'), '0', 'no account was made');
    equal((await api('startup')).body.state, 'needs_setup', 'still needs setup');
    noProblems(problems.filter((p) => !httpStatusLine([403]).test(p)), 'first run');
    await page.close();
    await stopServer();
  });

  // ── Start-up errors ───────────────────────────────────────────────────────────────────
  await suite.test('serve basics: start-up error: a clear screen with the message and what to do', async () => {
    const problems = [];
    // A database of a newer program: the demo with a higher schema version.
    const tooNew = path.join(work, 'basics-too-new-source.sqlite');
    fs.copyFileSync(demo, tooNew);
    sql(tooNew, 'PRAGMA user_version = 99');
    let server = await startServer('basics-too-new', { db: tooNew });
    const newer = await api('startup');
    equal([newer.status, newer.body.state, newer.body.error?.code], [200, 'error', 'schema_too_new'], `the core: ${JSON.stringify(newer.body)}`);
    assert(newer.body.error.message.includes('99'), `the core names the version: ${newer.body.error.message}`);
    assert((await api('login', { username: 'beheer', password: 'beheer-2026' })).status !== 200, 'no login on it');
    let page = await open(problems);
    await page.waitForSelector(tid('startup-error'));
    equal((await page.textContent(tid('startup-error'))).trim(), newer.body.error.message, 'the core’s message');
    equal(await page.getAttribute('[role="alert"][data-code]', 'data-code'), 'schema_too_new', 'the code');
    let text = await page.textContent('main');
    assert(/Wat nu\?/.test(text), 'what to do is shown');
    assert(/nieuwere versie/.test(text), `the advice for a newer file: ${text}`);
    assert(text.includes(server.db), 'the file is named');
    equal(await page.locator(tid('login-username')).count(), 0, 'no login screen');
    await page.close();
    await stopServer();
    equal(sql(server.db, 'PRAGMA user_version'), '99', 'the file is untouched');

    // A damaged file: the core's message and the restore steps from the backups beside it.
    const damaged = path.join(work, 'basics-damaged-source.sqlite');
    const garbage = Buffer.from('Dit is geen Marktkantoor-database. '.repeat(240));
    fs.writeFileSync(damaged, garbage);
    server = await startServer('basics-damaged', { db: damaged });
    const broken = await api('startup');
    equal([broken.status, broken.body.state], [200, 'error'], `the core: ${JSON.stringify(broken.body)}`);
    assert(broken.body.error?.message, 'with a message');
    page = await open(problems);
    await page.waitForSelector(tid('startup-error'));
    equal((await page.textContent(tid('startup-error'))).trim(), broken.body.error.message, 'the core’s message');
    equal(await page.getAttribute('[role="alert"][data-code]', 'data-code'), broken.body.error.code, 'the code');
    text = await page.textContent('main');
    assert(/Wat nu\?/.test(text), 'what to do is shown');
    await page.waitForSelector(tid('restore-steps'));
    const backups = path.join(path.dirname(server.db), 'backups');
    equal((await page.textContent(tid('backups-folder'))).trim(), backups, 'the backups folder beside the file');
    const command = (await page.textContent(tid('restore-command'))).trim();
    assert(command.startsWith(`markt --db "${server.db}" restore "${backups}/marktkantoor-`), `the restore command: ${command}`);
    await page.close();
    await stopServer();
    assert(fs.readFileSync(server.db).equals(garbage), 'the damaged file is untouched');
    noProblems(problems, 'start-up errors');
  });

  // ── Logging in ────────────────────────────────────────────────────────────────────────
  await suite.test('serve basics: login: the core message for login_failed and account_locked', async () => {
    const problems = [];
    ({ db } = await startServer('basics-login'));
    const wrong = await api('login', { username: 'beheer', password: 'fout' });
    isError(wrong, 401, 'login_failed', 'a wrong password');
    const page = await open(problems);
    await page.fill(tid('login-username'), 'beheer');
    await page.fill(tid('login-password'), 'fout');
    await page.click(tid('login-submit'));
    await page.waitForSelector(tid('login-error'));
    equal(await page.getAttribute(tid('login-error'), 'data-code'), 'login_failed', 'code');
    equal((await page.textContent(tid('login-error'))).trim(), wrong.body.message, 'the core’s login_failed message');
    // Wrong passwords in a row lock the account; the core says so from the last one on.
    const [username, password] = ACCOUNTS.finance;
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      isError(await api('login', { username, password: `fout-${i}` }), 401, 'login_failed', `wrong password ${i}`);
    }
    equal(q(`SELECT failed_logins FROM account WHERE username = '${username}'`), String(MAX_FAILED_LOGINS - 1), 'counted');
    const locking = await api('login', { username, password: 'nog-steeds-fout' });
    isError(locking, 403, 'account_locked', `wrong password ${MAX_FAILED_LOGINS}`);
    equal(q(`SELECT failed_logins FROM account WHERE username = '${username}'`), String(MAX_FAILED_LOGINS), 'locked in the database');
    equal(
      q(`SELECT count(*) FROM audit_log l JOIN account a ON a.id = l.entity_id WHERE l.action = 'account.locked' AND a.username = '${username}'`),
      '1',
      'the lock is in the audit log',
    );
    // Even the right password is refused now, in the page too.
    const stillLocked = await api('login', { username, password });
    isError(stillLocked, 403, 'account_locked', 'the right password on a locked account');
    await page.fill(tid('login-username'), username);
    await page.fill(tid('login-password'), password);
    await page.click(tid('login-submit'));
    await page.waitForSelector(`${tid('login-error')}[data-code="account_locked"]`);
    equal((await page.textContent(tid('login-error'))).trim(), stillLocked.body.message, 'the core’s account_locked message');
    equal(await page.locator(tid('user-menu')).count(), 0, 'not logged in');
    equal(q(`SELECT failed_logins FROM account WHERE username = '${username}'`), String(MAX_FAILED_LOGINS), 'still locked');
    noProblems(problems.filter((p) => !httpStatusLine([401, 403]).test(p)), 'login errors');
    await page.close();
  });

  // ── Roles: what serve.mjs's role flows do not check ──────────────────────────────────
  await suite.test('serve basics: roles: the role in the user menu, Beheer’s tabs per role, a senior unlocks, finance kept out', async () => {
    const problems = [];
    ({ db } = await startServer('basics-roles'));
    const codes = (await api('codes')).body;
    const roleLabel = (role) => codes.roles.find((c) => c.code === role)?.nl;
    // financien is locked first (wrong passwords), for the senior to unlock in Beheer.
    const [finUser, finPassword] = ACCOUNTS.finance;
    for (let i = 1; i <= MAX_FAILED_LOGINS; i++) await api('login', { username: finUser, password: `fout-${i}` });
    isError(await api('login', { username: finUser, password: finPassword }), 403, 'account_locked', 'financien is locked');

    const tabsOf = (permissions) => ADMIN_TABS.filter(([, actions]) => actions.some((a) => permissions.includes(a))).map(([t]) => `tab-${t}`);
    const shownTabs = (page) => page.$$eval('.tabs a', (els) => els.map((e) => e.dataset.testid));

    for (const role of ['admin', 'senior', 'supervisor']) {
      const { account } = await apiLogin(role);
      const page = await login(role, problems);
      equal(await navIds(page), NAV[role], `${role}: the navigation`);
      equal((await page.textContent(tid('user-name'))).trim(), sql(db, `SELECT display_name FROM account WHERE username = '${account.username}'`), `${role}: the name`);
      assert(roleLabel(role), `the core has a label for ${role}`);
      equal((await page.textContent(tid('user-role'))).trim(), roleLabel(role), `${role}: the role’s label`);
      if (role === 'supervisor') {
        equal(tabsOf(account.permissions), [], 'the supervisor may do nothing of Beheer');
        await page.evaluate(() => (location.hash = '#/beheer'));
        await page.waitForSelector(tid('no-access'));
      } else {
        await page.click(tid('nav-beheer'));
        await page.waitForSelector('.tabs a');
        const tabs = await shownTabs(page);
        equal(tabs, tabsOf(account.permissions), `${role}: the tabs its permissions open`);
        if (role === 'admin') equal(tabs, ADMIN_TABS.map(([t]) => `tab-${t}`), 'admin: every tab');
        if (role === 'senior') {
          equal(tabs, ['tab-accounts', 'tab-backups'], 'senior: accounts and backups in Beheer');
          await page.waitForSelector(tid('account-list'));
          const row = `${tid('account-row')}[data-username="${finUser}"]`;
          await page.waitForSelector(`${row} .tag.bad`);
          equal(await page.locator(`${tid('new-account')}`).count(), 0, 'a senior makes no accounts');
          await page.click(`${row} ${tid('unlock')}`);
          await page.waitForSelector(`${row} .tag.good`);
          equal(q(`SELECT failed_logins FROM account WHERE username = '${finUser}'`), '0', 'unlocked in the database');
          equal(await page.locator(`${row} ${tid('unlock')}`).count(), 0, 'nothing left to unlock');
        }
      }
      await page.click(tid('logout'));
      await page.waitForSelector(tid('login-username'));
      await page.close();
    }
    // financien, unlocked, logs in: Vandaag and Rapporten; Ondernemers is closed to it.
    const page = await login('finance', problems);
    equal(await navIds(page), NAV.finance, 'finance: the navigation');
    equal((await page.textContent(tid('user-role'))).trim(), roleLabel('finance'), 'finance: the role’s label');
    await page.waitForSelector(tid('today-finance'));
    equal((await page.textContent(tid('screen-title'))).trim(), 'Vandaag', 'finance lands on its Vandaag');
    await page.evaluate(() => (location.hash = '#/ondernemers'));
    await page.waitForSelector(tid('no-access'));
    equal(await page.locator(tid('vendor-search')).count(), 0, 'no vendor search');
    noProblems(problems, 'roles');
    await page.close();
  });

  // ── Every section, Vandaag ────────────────────────────────────────────────────────────
  ({ db } = await startServer('basics-sections'));

  await suite.test('serve basics: every section is built: none says "not built" or fails to load', async () => {
    const problems = [];
    const page = await login('senior', problems);
    const quiet = apiQuiet(page);
    for (const s of NAV.senior) {
      await page.click(tid(`nav-${s}`));
      await page.waitForFunction((sec) => location.hash.startsWith(`#/${sec}`), s);
      await page.waitForSelector(`main ${tid('screen-title')}`);
      await quiet();
      equal(await page.locator(tid('not-built')).count(), 0, `${s} is built`);
      equal(await page.locator(tid('no-access')).count(), 0, `${s} is open to a senior`);
      const failed = await page.$$eval(tid('error'), (els) => els.map((e) => e.textContent.trim()));
      equal(failed, [], `${s} loads without an error`);
      await accessible(page, s);
      // Every tab of the section too (Beheer's, Rapporten's, Vergunningen's, …).
      for (const tab of await page.$$eval('main a[data-testid^="tab-"]', (els) => els.map((e) => e.getAttribute('href')))) {
        await page.evaluate((h) => (location.hash = h.replace(/^.*#/, '#')), tab);
        await page.waitForFunction((h) => location.hash === h.replace(/^.*#/, '#'), tab);
        await page.waitForSelector(`main ${tid('screen-title')}`);
        await quiet();
        await accessible(page, `${s}: ${tab}`);
      }
    }
    noProblems(problems, 'sections');
    await page.close();
  });

  await suite.test('serve basics: vandaag: the office’s day per role, from the books', async () => {
    equal((await api('today')).body, MORNING, 'the server’s today');
    const noon = new Date(`${MORNING}T12:00:00Z`);
    const longDay = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(noon);
    // Markets held on the day, from the database: its weekday bit (Monday = bit 0), its season, not ended.
    const bit = 1 << ((noon.getUTCDay() + 6) % 7);
    const md = MORNING.slice(5);
    const held = lines(
      q(`SELECT id || '|' || code || '|' || name FROM market WHERE ended = 0 AND (weekdays & ${bit}) <> 0
           AND (kind <> 'seizoen' OR season_from IS NULL OR season_until IS NULL
                OR (season_from <= season_until AND '${md}' BETWEEN season_from AND season_until)
                OR (season_from > season_until AND ('${md}' >= season_from OR '${md}' <= season_until)))
         ORDER BY id`),
    ).map((l) => l.split('|'));
    const notHeld = lines(q(`SELECT name FROM market WHERE id NOT IN (${held.map(([id]) => id).join(',') || 0})`));
    assert(held.length > 0 && notHeld.length > 0, `some markets held today, some not: ${held} / ${notHeld}`);
    const senior = (await apiLogin('senior')).token;

    for (const role of ['senior', 'supervisor', 'finance']) {
      const problems = [];
      const page = await login(role, problems);
      await page.waitForSelector(tid('today-markets'));
      assert((await page.textContent(tid('today-date'))).includes(longDay), `${role}: the date in Dutch: ${longDay}`);
      const shown = await page.$$eval(tid('today-market'), (els) => els.map((e) => e.dataset.marketId));
      equal(shown, held.map(([id]) => id), `${role}: one entry per market held today, in order`);
      const text = await page.textContent(tid('today-markets'));
      for (const name of notHeld) assert(!text.includes(name), `${role}: ${name} is not held today`);
      for (const [id, code, name] of held) {
        const entry = `${tid('today-market')}[data-market-id="${id}"]`;
        const item = await page.textContent(entry);
        assert(item.includes(name) && item.includes(code), `${role}: ${name} (${code}) is listed`);
        // Permits and money so far: the books' (valid permits) and the core's day view.
        const valid = q(`SELECT count(*) FROM daily_permit p WHERE p.market_id = ${id} AND p.day = '${MORNING}' AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)`);
        equal(await page.getAttribute(`${entry} ${tid('today-permits')}`, 'data-count'), valid, `${role}: ${code}'s valid permits`);
        const view = (await api('day_view', { marketId: Number(id), day: MORNING }, senior)).body;
        const money = await page.$$eval(`${entry} ${tid('today-method')}`, (els) => els.map((e) => `${e.dataset.method}:${e.dataset.cents}`));
        equal(money, view.money.map((m) => `${m.method}:${m.cents}`), `${role}: ${code}'s money by method is the day view's`);
        const allocation = await page.locator(`${entry} ${tid('today-allocation')}`).count();
        equal(allocation, role === 'finance' ? 0 : 1, `${role}: the allocation state ${role === 'finance' ? 'is not' : 'is'} shown`);
        if (allocation) {
          const state = q(`SELECT coalesce((SELECT CASE WHEN max(state = 'gepubliceerd') THEN 'gepubliceerd' ELSE (SELECT state FROM allocation WHERE market_id = ${id} AND day = '${MORNING}' ORDER BY version DESC LIMIT 1) END FROM allocation WHERE market_id = ${id} AND day = '${MORNING}'), 'none')`);
          equal(await page.getAttribute(`${entry} ${tid('today-allocation')}`, 'data-state'), state, `${role}: ${code}'s allocation of today`);
        }
      }
      // Tomorrow and the cut-off: for whoever signs vendors on; 07:30 is before 15:00.
      const seesTomorrow = role !== 'finance';
      equal(await page.locator(tid('today-cutoff')).count(), seesTomorrow ? 1 : 0, `${role}: the cut-off line`);
      if (seesTomorrow) equal(await page.getAttribute(tid('today-cutoff'), 'data-passed'), 'false', `${role}: the morning is before the cut-off`);
      // Overdue tickets: the core's own list.
      equal(await page.locator(tid('today-overdue')).count(), seesTomorrow ? 1 : 0, `${role}: overdue tickets`);
      if (seesTomorrow) {
        const overdue = (await api('tickets', { filter: { status: null, overdue: true, marketId: null, from: null, until: null, vendorId: null } }, senior)).body;
        equal(await page.getAttribute(tid('today-overdue'), 'data-count'), String(overdue.length), `${role}: as many as the ticket list's overdue`);
      }
      equal(await page.locator(tid('today-backup')).count(), role === 'senior' ? 1 : 0, `${role}: the backup line only for who makes them`);
      // Who books the money (finance, a senior) sees yesterday's money by method per market
      // and whether a finance batch is due; the supervisor neither.
      const books = role !== 'supervisor';
      equal(await page.locator(tid('today-finance')).count(), books ? 1 : 0, `${role}: the finance batch line`);
      if (books) {
        const yesterday = q(`SELECT date('${MORNING}', '-1 day')`);
        const heldYesterday = (await api('markets_held_on', { day: yesterday }, senior)).body;
        const shownYesterday = await page.$$eval(tid('yesterday-market'), (els) => els.map((e) => Number(e.dataset.marketId)));
        equal([...shownYesterday].sort(), [...heldYesterday].sort(), `${role}: one entry per market held yesterday`);
        let cents = 0;
        for (const id of heldYesterday) {
          const view = (await api('day_view', { marketId: id, day: yesterday }, senior)).body;
          const entry = `${tid('yesterday-market')}[data-market-id="${id}"]`;
          const money = await page.$$eval(`${entry} ${tid('today-method')}`, (els) => els.map((e) => `${e.dataset.method}:${e.dataset.cents}`));
          equal(money, view.money.map((m) => `${m.method}:${m.cents}`), `${role}: market ${id}'s money of yesterday is the day view's`);
          cents += view.money.reduce((sum, m) => sum + m.cents, 0);
        }
        assert(cents > 0, `${role}: the demo took money yesterday, and Vandaag shows it`);
        const batches = q('SELECT count(*) FROM finance_batch');
        equal(await page.getAttribute(tid('today-finance'), 'data-last'), batches === '0' ? 'none' : q('SELECT max(number) FROM finance_batch'), `${role}: the last batch`);
        equal(await page.getAttribute(tid('today-finance'), 'data-due'), 'true', `${role}: the demo's finished days wait for a batch`);
      }
      await noHorizontalScroll(page, `vandaag (${role})`);
      // The README's pictures of Vandaag per role, as the flow checked it.
      await page.screenshot({ path: path.join(ctx.root, `docs/screenshots/02-vandaag-${role}.png`) });
      noProblems(problems, `vandaag (${role})`);
      await page.close();
    }
  });

  // ── Vendors ───────────────────────────────────────────────────────────────────────────
  await suite.test('serve basics: vendors: search, virtualised rows, keyboard open, edit and save', async () => {
    const problems = [];
    ({ db } = await startServer('basics-vendors'));
    const token = (await apiLogin('senior')).token;
    const search = async (query, offset = 0, limit = 200) => {
      const answer = await api('search_vendors', { query, offset, limit }, token);
      equal(answer.status, 200, `search_vendors ${query}`);
      return answer.body;
    };
    const rowIds = (page) => page.$$eval(tid('vendor-row'), (els) => els.map((e) => Number(e.dataset.vendorId)));
    const all = await search('', 0, 1);
    equal(String(all.total), q('SELECT count(*) FROM vendor'), 'the core lists every vendor');

    const page = await login('senior', problems);
    await page.waitForSelector(tid('today-markets'));
    await page.keyboard.press('/');
    await page.waitForSelector(tid('vendor-search'));
    await page.waitForSelector(tid('vendor-row'));
    equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'vendor-search', '/ focuses the search');
    await page.waitForFunction((n) => document.querySelector('[data-testid="vendor-count"]')?.textContent.replace(/\D/g, '') === n, String(all.total));
    const rendered = await page.locator(tid('vendor-row')).count();
    assert(rendered > 5 && rendered < 80, `only the visible rows are in the DOM: ${rendered}`);
    const first = await search('', 0, rendered);
    equal(await rowIds(page), first.items.map((v) => v.id), 'the first rows are the core’s, in its order');
    await noHorizontalScroll(page, 'ondernemers');

    // Scrolling far down loads the later pages the view reaches.
    const target = Math.min(1200, all.total - 40);
    await page.locator('.vlist').evaluate((el, top) => (el.scrollTop = top), 32 * target);
    // Wait for the rows of that index to be drawn and loaded: right after the scroll the old
    // rows are still in the DOM, and a moment later the new ones are placeholders.
    await page.waitForFunction((t) => {
      const rows = [...document.querySelectorAll('[data-testid="vendor-row"]')].map((r) => Number(r.dataset.index));
      return rows.length > 5 && rows.some((i) => Math.abs(i - t) < 40) && !document.querySelector('.tr.placeholder');
    }, target);
    const far = await rowIds(page);
    const around = (await search('', target - 60, 160)).items.map((v) => v.id);
    const at = around.indexOf(far[0]);
    assert(at >= 0, `the rows down there are the core’s (${far[0]} near index ${target})`);
    equal(far, around.slice(at, at + far.length), 'in the core’s order');

    // The core searches without diacritics.
    const [accented, accentedNumber] = lines(q(`SELECT surname || '|' || registration_number FROM vendor WHERE surname GLOB '*[^ -~]*' ORDER BY id`))
      .map((l) => l.split('|'))
      .find(([s]) => /^[\x20-\x7e]+$/.test(fold(s)) && fold(s) !== s);
    const plain = fold(accented).toLowerCase();
    const found = await search(plain);
    assert(found.total > 0 && found.items.every((v) => v.sortName.includes(accented)), `the core finds ${accented} for ${plain}`);
    await page.fill(tid('vendor-search'), plain);
    await page.waitForFunction((n) => {
      const rows = [...document.querySelectorAll('[data-testid="vendor-row"]')];
      return rows.length > 0 && rows.every((r) => r.textContent.includes(n));
    }, accented);
    await page.waitForFunction((n) => document.querySelector('[data-testid="vendor-count"]')?.textContent.replace(/\D/g, '') === n, String(found.total));
    const shown = await rowIds(page);
    equal(shown, found.items.slice(0, shown.length).map((v) => v.id), `the rows for ${plain} are the core’s`);
    // A registration number with its dot: that one vendor.
    await page.fill(tid('vendor-search'), dotted(accentedNumber));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="vendor-row"]').length === 1);
    equal(await rowIds(page), [Number(q(`SELECT id FROM vendor WHERE registration_number = '${accentedNumber}'`))], 'the vendor of the number');

    // A surname several vendors share: ↓ ↑ Enter opens the first.
    const [common] = lines(q(`SELECT surname FROM vendor WHERE surname NOT LIKE '% %' AND surname GLOB '[A-Za-z]*' AND surname NOT GLOB '*[^A-Za-z]*' GROUP BY surname HAVING count(*) >= 3 ORDER BY count(*) DESC, surname LIMIT 1`));
    assert(common, 'a surname several vendors share');
    const named = await search(common.toLowerCase());
    assert(named.total >= 3, `the core finds several ${common}: ${named.total}`);
    await page.fill(tid('vendor-search'), common.toLowerCase());
    await page.waitForFunction((id) => document.querySelector('[data-testid="vendor-row"]')?.dataset.vendorId === String(id), named.items[0].id);
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector(`${tid('vendor-row')}.active[data-vendor-id="${named.items[1].id}"]`);
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector(`${tid('vendor-row')}.active[data-vendor-id="${named.items[0].id}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('vendor-form'));
    const id = named.items[0].id;
    await page.waitForFunction((v) => location.hash === `#/ondernemers/${v}`, id);
    const surname = q(`SELECT surname FROM vendor WHERE id = ${id}`);
    assert((await page.textContent(tid('screen-title'))).includes(surname), `opened ${surname}`);
    equal(digits(await page.inputValue(`${tid('vendor-form')} ${tid('field-registrationNumber')}`)), q(`SELECT registration_number FROM vendor WHERE id = ${id}`), 'its number');
    await noHorizontalScroll(page, 'ondernemer');

    // Edit two fields, save with Ctrl+S: stored, and the title follows.
    const newSurname = `${surname}sma`;
    equal(q(`SELECT count(*) FROM vendor WHERE search_name LIKE '%${newSurname.toLowerCase()}%'`), '0', `${newSurname} is new`);
    const phone = '020-5551234';
    await page.fill(`${tid('vendor-form')} ${tid('field-phone')}`, phone);
    await page.fill(`${tid('vendor-form')} ${tid('field-surname')}`, newSurname);
    await page.focus(`${tid('vendor-form')} ${tid('field-phone')}`);
    await page.keyboard.press('Control+s');
    await page.waitForSelector(tid('saved'));
    await page.waitForFunction((n) => document.querySelector('[data-testid="screen-title"]').textContent.includes(n), newSurname);
    equal(q(`SELECT surname || '|' || phone FROM vendor WHERE id = ${id}`), `${newSurname}|${phone}`, 'stored');
    equal(
      q(`SELECT count(*) FROM audit_log WHERE action = 'vendor.update' AND entity_id = ${id}`),
      '1',
      'the change is in the audit log',
    );
    const renamed = await search(newSurname.toLowerCase());
    equal([renamed.total, renamed.items[0]?.id], [1, id], 'the core finds the new name');
    await page.goBack();
    await page.waitForSelector(tid('vendor-search'));
    await page.fill(tid('vendor-search'), newSurname.toLowerCase());
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="vendor-row"]').length === 1);
    await page.click(tid('vendor-row'));
    await page.waitForSelector(tid('vendor-form'));
    equal(await page.inputValue(`${tid('vendor-form')} ${tid('field-phone')}`), phone, 'the saved phone');
    equal(await page.inputValue(`${tid('vendor-form')} ${tid('field-surname')}`), newSurname, 'the saved surname');
    noProblems(problems, 'vendors');
    await page.close();
  });

  // Issue 16, items 12 and 13: namesakes told apart by their registration at a market; a
  // vendor's page with its permits and what is open on account; Esc back to its row.
  await suite.test('serve basics: vendors: namesakes show their registration at the market; the vendor page lists permits, Esc returns to the row', async () => {
    const problems = [];
    const token = (await apiLogin('senior')).token;
    const [marketId, marketCode] = q(`SELECT id || '|' || code FROM market WHERE ended = 0 ORDER BY id LIMIT 1`).split('|');
    // Two namesakes made through the core (a surname the demo does not have, so the search
    // finds just these two); one an applicant at the market.
    equal(q(`SELECT count(*) FROM vendor WHERE search_name LIKE '%hoevenaarsma%'`), '0', 'a new surname');
    const made = [];
    for (const number of ['2099010101', '2099020202']) {
      const input = { registrationNumber: number, initials: 'T.', infix: '', surname: 'Hoëvenaarsma', email: '', phone: '', passId: '', status: 'actief', enforcementUntil: null };
      const saved = await api('save_vendor', { id: null, input }, token);
      equal(saved.status, 200, `save_vendor ${number}`);
      made.push(saved.body);
    }
    const listNumber = Number(q(`SELECT max(list_number) FROM registration WHERE market_id = ${marketId}`)) + 1;
    const registration = { vendorId: made[0], marketId: Number(marketId), listNumber, status: 'soll', registeredOn: MORNING, stallIds: [], products: [] };
    equal((await api('save_registration', { id: null, input: registration }, token)).status, 200, 'the applicant is registered');
    const core = (await api('search_vendors', { query: 'hoevenaarsma', marketId: Number(marketId), offset: 0, limit: 10 }, token)).body;
    equal(
      core.items.map((v) => [v.id, v.registration?.status ?? null, v.registration?.listNumber ?? null]),
      [[made[0], 'soll', listNumber], [made[1], null, null]],
      'the core says which one is registered at the market',
    );

    const page = await login('senior', problems, '#/ondernemers');
    await page.waitForSelector(tid('vendor-search-market'));
    await page.selectOption(tid('vendor-search-market'), { label: `${marketCode} · ${q(`SELECT name FROM market WHERE id = ${marketId}`)}` });
    await page.fill(tid('vendor-search'), 'hoevenaarsma');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="vendor-row"]').length === 2);
    const cells = await page.$$eval(tid('vendor-row'), (els) =>
      els.map((e) => [Number(e.dataset.vendorId), e.querySelector('[data-testid="vendor-row-registration"]').dataset.status, e.querySelector('[data-testid="vendor-row-registration"]').textContent.trim()]),
    );
    equal(cells.map(([id, status]) => [id, status]), [[made[0], 'soll'], [made[1], 'none']], 'each row its registration at the market');
    assert(cells[0][2].includes(String(listNumber)), `the applicant's list number: ${cells[0][2]}`);
    equal(cells[1][2], 'geen sollicitatie hier', 'the other has none there');
    await accessible(page, 'ondernemers with the registration column');

    // A vendor with a voided permit and money on account, from the books.
    const [vendorId, number] = q(`SELECT v.id || '|' || v.registration_number FROM vendor v
        WHERE EXISTS (SELECT 1 FROM daily_permit p JOIN permit_void pv ON pv.permit_id = p.id WHERE p.vendor_id = v.id)
          AND EXISTS (SELECT 1 FROM daily_permit p JOIN payment x ON x.permit_id = p.id WHERE p.vendor_id = v.id AND x.method = 'op_rekening' AND x.reverses_payment_id IS NULL
                        AND NOT EXISTS (SELECT 1 FROM payment y WHERE y.reverses_payment_id = x.id))
        ORDER BY v.id LIMIT 1`).split('|');
    assert(vendorId, 'a vendor with a voided permit and an amount on account');
    const onAccount = q(`SELECT coalesce(sum(x.amount_cents), 0) FROM daily_permit p JOIN payment x ON x.permit_id = p.id WHERE p.vendor_id = ${vendorId} AND x.method = 'op_rekening'`);
    const permits = (await api('vendor_permits', { vendorId: Number(vendorId), limit: 10 }, token)).body;
    equal(String(permits.onAccountCents), onAccount, 'the core’s amount on account is the books’');
    equal(String(permits.count), q(`SELECT count(*) FROM daily_permit WHERE vendor_id = ${vendorId}`), 'every permit counted');

    await page.fill(tid('vendor-search'), number);
    await page.waitForFunction((id) => {
      const rows = document.querySelectorAll('[data-testid="vendor-row"]');
      return rows.length === 1 && rows[0].dataset.vendorId === id;
    }, vendorId);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('vendor-permits'));
    equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'screen-title', 'the page takes the focus');
    const listed = await page.$$eval(tid('vendor-permit'), (els) => els.map((e) => [e.dataset.number, e.dataset.voided]));
    equal(listed, permits.permits.map((p) => [p.invoiceNumber, String(p.voided !== null)]), 'the newest permits, voided ones marked');
    const newest = q(`SELECT invoice_number FROM daily_permit WHERE vendor_id = ${vendorId} ORDER BY day DESC, id DESC LIMIT 1`);
    equal(listed[0][0], newest, 'newest first');
    equal(await page.getAttribute(tid('vendor-on-account'), 'data-cents'), onAccount, 'the amount on account');
    if (Number(onAccount) > 0) assert((await page.textContent(tid('vendor-on-account'))).includes('Op rekening nog open: €'), 'said in words');
    if (permits.count > permits.permits.length) {
      await page.click(tid('vendor-permits-more'));
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="vendor-permit"]').length > n, listed.length);
    }
    await accessible(page, 'the vendor page with its permits');
    // Esc closes the page: back to the list, the focus on the vendor's row.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => location.hash === '#/ondernemers');
    await page.waitForFunction((id) => document.activeElement?.dataset.vendorId === id, vendorId);
    noProblems(problems, 'namesakes and the vendor page');
    await page.close();
  });

  ({ db } = await startServer('basics-vendor-forms'));

  await suite.test('serve basics: vendors: a validation error appears next to its field', async () => {
    const problems = [];
    const token = (await apiLogin('senior')).token;
    const id = Number(q(`SELECT id FROM vendor WHERE status = 'actief' AND email <> '' ORDER BY id LIMIT 1 OFFSET 4`));
    const before = q(`SELECT registration_number || '|' || email || '|' || surname FROM vendor WHERE id = ${id}`);
    // The core's answer to the same input as the page will send.
    const { vendor } = (await api('get_vendor', { id }, token)).body;
    const input = {
      registrationNumber: '123',
      initials: vendor.initials,
      infix: vendor.infix,
      surname: vendor.surname,
      email: 'geen e-mail',
      phone: vendor.phone,
      passId: vendor.passId ?? '',
      status: vendor.status,
      enforcementUntil: vendor.enforcementUntil ?? null,
    };
    const refused = await api('save_vendor', { id, input }, token);
    isError(refused, 422, 'invalid', 'save_vendor with a bad e-mail and number');
    const coreSays = (field) => refused.body.fields.filter((f) => f.field === field).map((f) => f.message);
    assert(coreSays('email').length && coreSays('registration_number').length, `errors on both fields: ${JSON.stringify(refused.body.fields)}`);

    const page = await login('senior', problems, `#/ondernemers/${id}`);
    await page.waitForSelector(tid('vendor-form'));
    await page.waitForFunction((n) => document.querySelector('[data-testid="field-registrationNumber"]')?.value === n, vendor.registrationNumber);
    await page.fill(tid('field-email'), input.email);
    await page.fill(tid('field-registrationNumber'), input.registrationNumber);
    await page.click(`${tid('vendor-form')} ${tid('save')}`);
    await page.waitForSelector(`${tid('field-error')}[data-field="email"]`);
    const beside = await page.evaluate(() => {
      const err = document.querySelector('[data-testid="field-error"][data-field="email"]');
      return err.closest('.field').querySelector('[data-testid="field-email"]') !== null;
    });
    assert(beside, 'the e-mail error sits in the e-mail field');
    const messages = (field) => page.$$eval(`${tid('field-error')}[data-field="${field}"]`, (els) => els.map((e) => e.textContent.trim()));
    equal(await messages('email'), coreSays('email'), 'the core’s e-mail message');
    equal(await messages('registrationNumber'), coreSays('registration_number'), 'registration_number maps to its field, with the core’s message');
    equal(await page.getAttribute(tid('field-email'), 'aria-invalid'), 'true', 'the field is marked invalid');
    equal(await page.getAttribute(tid('field-registrationNumber'), 'aria-invalid'), 'true', 'the number is marked invalid');
    equal(await page.locator(tid('form-error')).count(), 0, 'nothing left over at the top');
    assert(!(await page.isVisible(tid('saved'))), 'nothing saved');
    equal(q(`SELECT registration_number || '|' || email || '|' || surname FROM vendor WHERE id = ${id}`), before, 'the database is unchanged');
    noProblems(problems.filter((p) => !httpStatusLine([422]).test(p)), 'vendor validation');
    await page.close();
  });

  await suite.test('serve basics: vendors: registrations and substitutes', async () => {
    const problems = [];
    const token = (await apiLogin('senior')).token;
    const [nomId, nomCode, nomName] = q(`SELECT id || '|' || code || '|' || name FROM market WHERE code = 'NOM'`).split('|');
    // An active vendor with one registration elsewhere, none at the Noordermarkt.
    const vendorId = Number(
      q(`SELECT v.id FROM vendor v WHERE v.status = 'actief'
           AND (SELECT count(*) FROM registration r WHERE r.vendor_id = v.id AND r.voided = 0) = 1
           AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.vendor_id = v.id AND r.market_id = ${nomId})
           AND NOT EXISTS (SELECT 1 FROM substitute s WHERE s.vendor_id = v.id)
         ORDER BY v.id LIMIT 1`),
    );
    assert(vendorId, 'a vendor to register at the Noordermarkt');
    const live = `EXISTS (SELECT 1 FROM registration_stall rs JOIN registration r ON r.id = rs.registration_id AND r.voided = 0 WHERE rs.stall_id = s.id)`;
    const [heldId, heldNumber] = q(`SELECT s.id || '|' || s.number FROM stall s WHERE s.market_id = ${nomId} AND ${live} ORDER BY s.id LIMIT 1`).split('|');
    const [freeId, freeNumber] = q(`SELECT s.id || '|' || s.number FROM stall s WHERE s.market_id = ${nomId} AND s.active = 1 AND NOT ${live} ORDER BY s.id LIMIT 1`).split('|');
    assert(heldId && freeId, 'a held and a free stall at the Noordermarkt');
    const listNumber = Number(q(`SELECT max(list_number) FROM registration WHERE market_id = ${nomId}`)) + 1;
    // What the core says of an applicant (soll, the form's default) on someone else's stall.
    const input = { vendorId, marketId: Number(nomId), listNumber, status: 'soll', registeredOn: MORNING, stallIds: [Number(heldId)], products: [] };
    const refused = await api('save_registration', { id: null, input }, token);
    isError(refused, 422, 'invalid', 'an applicant on a held stall');
    const stallErrors = refused.body.fields.filter((f) => f.field.startsWith('stalls')).map((f) => f.message);
    assert(stallErrors.length >= 2, `the status and the held stall: ${JSON.stringify(refused.body.fields)}`);
    equal(q(`SELECT count(*) FROM registration WHERE vendor_id = ${vendorId}`), '1', 'nothing stored by the refusal');

    const page = await login('senior', problems, `#/ondernemers/${vendorId}`);
    await page.waitForSelector(tid('registrations'));
    equal(await page.locator(tid('registration-row')).count(), 1, 'one registration');
    await page.click(tid('new-registration'));
    await page.waitForSelector(tid('registration-form'));
    const form = (sel) => `${tid('registration-form')} ${sel}`;
    await page.waitForSelector(`${form(tid('field-marketId'))} option:nth-child(3)`, { state: 'attached' });
    // The form turns stall numbers into the market's stall ids: it loads the market's layout.
    const layoutLoaded = page.waitForResponse((r) => r.url().endsWith('/api/market_layout') && r.request().postData()?.includes(`"id":${nomId}`));
    await page.selectOption(form(tid('field-marketId')), { label: `${nomCode} – ${nomName}` });
    equal((await layoutLoaded).status(), 200, 'the Noordermarkt’s layout');
    await page.fill(form(tid('field-listNumber')), String(listNumber));
    equal(await page.inputValue(form(tid('field-status'))), 'soll', 'an applicant by default');
    await page.fill(form(tid('field-stalls')), heldNumber);
    await page.click(form(tid('save')));
    await page.waitForSelector(form(`${tid('field-error')}[data-field="stalls"]`));
    const shownErrors = await page.$$eval(`${tid('registration-form')} ${tid('field-error')}[data-field="stalls"]`, (els) => els.map((e) => e.textContent.trim()));
    equal(shownErrors, stallErrors, 'the core’s messages at the stalls');
    // A fixed place holder on a free stall: saved.
    await page.selectOption(form(tid('field-status')), 'vpl');
    await page.fill(form(tid('field-stalls')), freeNumber);
    await page.click(form(tid('save')));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="registration-row"]').length === 2);
    equal(
      q(`SELECT r.status || '|' || r.list_number || '|' || r.registered_on || '|' || group_concat(rs.stall_id)
           FROM registration r JOIN registration_stall rs ON rs.registration_id = r.id
          WHERE r.vendor_id = ${vendorId} AND r.market_id = ${nomId} AND r.voided = 0 GROUP BY r.id`),
      `vpl|${listNumber}|${MORNING}|${freeId}`,
      'the registration is stored',
    );
    const newRow = await page.locator(tid('registration-row'), { hasText: nomName }).textContent();
    assert(newRow.includes(String(listNumber)) && newRow.includes(freeNumber), `the row shows the number and stall: ${newRow}`);

    // A substitute by registration number (with its dot).
    const [subId, subNumber] = q(
      `SELECT id || '|' || registration_number FROM vendor WHERE status = 'actief' AND id <> ${vendorId} ORDER BY id DESC LIMIT 1`,
    ).split('|');
    await page.fill(`${tid('substitute-form')} ${tid('field-substitute')}`, dotted(subNumber));
    await page.click(`${tid('substitute-form')} ${tid('save')}`);
    await page.waitForSelector(`${tid('substitutes')} td`);
    equal(
      q(`SELECT substitute_vendor_id || '|' || valid_from || '|' || coalesce(valid_until, '') FROM substitute WHERE vendor_id = ${vendorId}`),
      `${subId}|${MORNING}|`,
      'the substitute is stored from today',
    );
    const detail = (await api('get_vendor', { id: vendorId }, token)).body;
    equal(detail.substitutes.length, 1, 'the core has one substitute');
    const row = await page.textContent(`${tid('substitutes')} tbody tr`);
    assert(row.includes(detail.substitutes[0].name) && row.includes(detail.substitutes[0].registrationNumber) && digits(detail.substitutes[0].registrationNumber) === subNumber, `the row names the substitute: ${row}`);
    noProblems(problems.filter((p) => !httpStatusLine([422]).test(p)), 'registrations');
    await page.close();
  });

  // ── The stall map ─────────────────────────────────────────────────────────────────────
  await suite.test('serve basics: stall map: rows and stalls, select and edit by keyboard', async () => {
    const problems = [];
    ({ db } = await startServer('basics-stall-map'));
    const token = (await apiLogin('admin')).token;
    const [acId, acName] = q(`SELECT id || '|' || name FROM market WHERE code = 'AC'`).split('|');
    const rows = lines(q(`SELECT id FROM stall_row WHERE market_id = ${acId} ORDER BY position`));
    const stallsOf = (row) => lines(q(`SELECT id || '|' || number FROM stall WHERE row_id = ${row} ORDER BY position`)).map((l) => l.split('|'));
    const [row1, row2] = [stallsOf(rows[0]), stallsOf(rows[1])];
    const numberOf = (id) => q(`SELECT number FROM stall WHERE id = ${id}`);
    const exists = (n) => q(`SELECT count(*) FROM stall WHERE market_id = ${acId} AND number = '${n}'`) !== '0';

    const page = await login('admin', problems);
    await page.click(tid('nav-markten'));
    await page.waitForSelector(tid('market-list'));
    await page.getByRole('link', { name: acName }).click();
    await page.waitForSelector(tid('stall-map'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="stall"]').length === n, Number(q(`SELECT count(*) FROM stall WHERE market_id = ${acId}`)));
    equal(await page.locator(tid('stall-row')).count(), rows.length, 'the rows');
    const obstacles = q(`SELECT count(DISTINCT o.before_stall_id) FROM obstacle o JOIN stall_row r ON r.id = o.row_id WHERE r.market_id = ${acId}`);
    assert(Number(obstacles) > 0, 'the demo has obstacles');
    equal(String(await page.locator(tid('obstacle')).count()), obstacles, 'the obstacles drawn');
    const blockedToday = lines(q(`SELECT s.number || '|' || b.reason FROM stall_blocked b JOIN stall s ON s.id = b.stall_id WHERE s.market_id = ${acId} AND b.day = '${MORNING}' ORDER BY s.number`));
    assert(blockedToday.length > 0, 'the demo blocks stalls today');
    const blocked = page.locator(`${tid('stall')}[data-blocked="true"]`);
    equal(await blocked.count(), blockedToday.length, 'blocked stalls today');
    for (const line of blockedToday) {
      const [number, reason] = line.split('|');
      const title = await page.getAttribute(`${tid('stall')}[data-stall-number="${number}"]`, 'title');
      assert(title.includes(reason), `stall ${number}: the reason in the tooltip: ${title}`);
    }
    await noHorizontalScroll(page, 'stall map');

    // The map never moves under the clerk's hands: the panel's column is there before a stall
    // is chosen (a placeholder), so opening the panel neither narrows the map nor re-wraps a row.
    await page.waitForSelector(tid('stall-panel-empty'));
    const stallBoxes = () =>
      page.$$eval(tid('stall'), (els) => {
        const map = document.querySelector('[data-testid="stall-map"]').getBoundingClientRect();
        return [`map ${Math.round(map.width)}×${Math.round(map.height)}`].concat(
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return `${e.dataset.stallId}: ${Math.round(r.left - map.left)},${Math.round(r.top - map.top)} ${Math.round(r.width)}×${Math.round(r.height)}`;
          }),
        );
      });
    const mapClosed = await stallBoxes();

    // Keyboard: arrows along the row and between rows, Enter edits.
    const focused = () => page.evaluate(() => document.activeElement?.dataset.stallNumber);
    await page.focus(`${tid('stall')}[data-stall-id="${row1[0][0]}"]`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    equal(await focused(), row1[2][1], 'arrows move along the row');
    await page.keyboard.press('ArrowDown');
    equal(await focused(), row2[Math.min(2, row2.length - 1)][1], 'down moves to the next row');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    equal(await focused(), row1[3][1], 'back up and along');
    const [editId, editNumber] = row1[3];
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('stall-panel'));
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'field-number');
    equal(await page.inputValue(`${tid('stall-panel')} ${tid('field-number')}`), editNumber, 'the panel is the stall’s');
    equal(await page.locator(tid('stall-panel-empty')).count(), 0, 'the panel in place of the placeholder');
    equal(await stallBoxes(), mapClosed, 'opening the panel moves no stall: the map and every box as before');
    const renamed = ['b', 'c', 'x', 'y'].map((l) => `${editNumber}${l}`).find((n) => !exists(n));
    await page.fill(`${tid('stall-panel')} ${tid('field-number')}`, renamed);
    await page.keyboard.press('Control+s');
    await page.waitForSelector(`${tid('stall-panel')} ${tid('saved')}`);
    await page.waitForSelector(`${tid('stall')}[data-stall-number="${renamed}"]`);
    equal(numberOf(editId), renamed, 'the new number is stored');
    // A number the market has already: the core's refusal at the field.
    const taken = row1[4][1];
    const layout = (await api('market_layout', { id: Number(acId), day: MORNING }, token)).body;
    const stall = layout.rows.flatMap((r) => r.stalls).find((s) => s.id === Number(editId));
    const dup = await api('save_stall', { id: stall.id, input: { rowId: stall.rowId, number: taken, lengthM: stall.lengthM, cooking: stall.cooking, evi: stall.evi, active: stall.active, properties: stall.properties, branchIds: stall.branchIds } }, token);
    isError(dup, 422, 'invalid', 'a number the market has');
    await page.fill(`${tid('stall-panel')} ${tid('field-number')}`, taken);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('stall-panel')} ${tid('field-error')}[data-field="number"]`);
    equal(
      (await page.textContent(`${tid('stall-panel')} ${tid('field-error')}[data-field="number"]`)).trim(),
      dup.body.fields.find((f) => f.field === 'number').message,
      'the core’s message',
    );
    equal(numberOf(editId), renamed, 'not stored');
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('stall-panel'), { state: 'detached' });
    await page.waitForSelector(tid('stall-panel-empty'));
    equal(await stallBoxes(), mapClosed, 'closing the panel moves no stall either');

    // A stall added to the first row, at its end.
    const added = String(Number(q(`SELECT max(CAST(number AS INTEGER)) FROM stall WHERE market_id = ${acId}`)) + 1);
    await page.locator(tid('add-stall')).first().click();
    await page.waitForSelector(tid('stall-panel'));
    await page.fill(`${tid('stall-panel')} ${tid('field-number')}`, added);
    await page.click(`${tid('stall-panel')} ${tid('save')}`);
    await page.waitForSelector(`${tid('stall')}[data-stall-number="${added}"]`);
    // The panel opens again on the new stall, and says by its save button that it was saved.
    await page.waitForSelector(`${tid('stall-panel')} ${tid('saved')}`);
    equal(await page.inputValue(`${tid('stall-panel')} ${tid('field-number')}`), added, 'the panel is the new stall’s');
    equal(
      q(`SELECT number FROM stall WHERE row_id = ${rows[0]} ORDER BY position DESC LIMIT 1`),
      added,
      'stored at the end of the first row',
    );

    // An obstacle to the right of a stall without one, and a block for the day.
    const obstacleBefore = lines(q(`SELECT before_stall_id FROM obstacle WHERE row_id = ${rows[0]}`));
    const blockedIds = lines(q(`SELECT stall_id FROM stall_blocked WHERE day = '${MORNING}'`));
    const i = row1.findIndex(([sid], k) => k + 1 < row1.length && !obstacleBefore.includes(sid) && !blockedIds.includes(sid) && sid !== editId);
    const [pickId] = row1[i];
    const [nextId] = row1[i + 1];
    await page.click(`${tid('stall')}[data-stall-id="${pickId}"]`);
    await page.waitForSelector(`${tid('stall-panel')} ${tid('add-obstacle')}`);
    const drawn = await page.locator(tid('obstacle')).count();
    await page.click(tid('add-obstacle'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="obstacle"]').length === n + 1, drawn);
    equal(q(`SELECT after_stall_id || '|' || kind FROM obstacle WHERE before_stall_id = ${pickId}`), `${nextId}|boom`, 'the obstacle is stored');
    const noReason = await api('block_stall', { stallId: Number(pickId), day: MORNING, reason: '' }, token);
    isError(noReason, 422, 'invalid', 'a block without a reason');
    await page.click(tid('block'));
    await page.waitForSelector(`${tid('block-section')} ${tid('field-error')}[data-field="reason"]`);
    equal(
      (await page.textContent(`${tid('block-section')} ${tid('field-error')}[data-field="reason"]`)).trim(),
      noReason.body.fields.find((f) => f.field === 'reason').message,
      'the core’s message at the reason',
    );
    await page.fill(`${tid('block-section')} ${tid('field-reason')}`, 'kabelwerk');
    await page.click(tid('block'));
    await page.waitForSelector(`${tid('stall')}[data-stall-id="${pickId}"][data-blocked="true"]`);
    equal(q(`SELECT reason FROM stall_blocked WHERE stall_id = ${pickId} AND day = '${MORNING}'`), 'kabelwerk', 'the block is stored for the day');
    await page.click(tid('tab-rules'));
    await page.waitForSelector(tid('branch-rules'));
    await page.click(tid('tab-details'));
    await page.waitForSelector(tid('market-form'));
    noProblems(problems.filter((p) => !httpStatusLine([422]).test(p)), 'stall map');
    await page.close();
  });

  await suite.test('serve basics: keyboard: the overlay per role, the focus on a new section or tab, ↓ from a search field, g never types', async () => {
    const problems = [];
    ({ db } = await startServer('basics-keyboard'));
    const overlay = async (page) => {
      await page.keyboard.press('?');
      await page.waitForSelector(tid('shortcut-overlay'), { state: 'visible' });
      const shown = await page.$$eval(`${tid('shortcut-overlay')} ${tid('shortcut')}`, (trs) => trs.map((tr) => tr.dataset.keys));
      const groups = await page.$$eval(`${tid('shortcut-overlay')} ${tid('shortcut-group')}`, (els) => els.map((e) => e.dataset.group));
      await page.keyboard.press('Escape');
      await page.waitForSelector(tid('shortcut-overlay'), { state: 'hidden' });
      return { shown, groups };
    };

    // Finance uses Vandaag and Rapporten only: no vendor search, no go-key elsewhere, no counter or round.
    const finance = await login('finance', problems, '#/rapporten');
    await finance.waitForSelector(tid('finance-form'));
    const f = await overlay(finance);
    equal(f.groups, ['shortcuts.general', 'shortcuts.go', 'shortcuts.lists'], 'finance: the general groups only');
    for (const k of ['/', 'g b', 'g d', 'g o']) assert(!f.shown.includes(k), `finance is not offered ${k}: ${f.shown}`);
    assert(f.shown.includes('g r'), 'finance: g r, Rapporten');
    await finance.close();

    // A supervisor: the counter's and the round's keys; no Beheer.
    const page = await login('supervisor', problems);
    await page.waitForSelector(tid('today-markets'));
    const s = await overlay(page);
    equal(s.groups.slice(3), ['shortcutsDesk.counter', 'shortcutsDesk.round'], 'supervisor: the counter and the control round');
    for (const k of ['p', 'c', 'r', '+ −', 'Esc', 'z', 'x', 'n', 'b']) assert(s.shown.includes(k), `supervisor: ${k} in ${s.shown}`);
    assert(!s.shown.includes('g b'), 'supervisor: no g b');
    const text = await page.evaluate(() => document.querySelector('[data-testid="shortcut-overlay"]').textContent);
    assert(!/[A-Z]{4,}/.test(text.replace(/Ctrl|Enter|Esc|Tab|Alt/g, '')), `no codes in the overlay: ${text}`);

    const waitActive = (id) => page.waitForFunction((i) => document.activeElement?.dataset?.testid === i, id, { timeout: 5000 });

    // A new tab puts the focus on its list or first field: Aanmeldingen its search field,
    // ↓ goes into the list; Bonnen its list.
    await page.evaluate(() => (location.hash = '#/vergunningen/dagoverzicht'));
    await page.waitForSelector(tid('dayview'));
    await page.click(tid('tab-aanmeldingen'));
    await page.waitForSelector(tid('attendance-row'));
    await waitActive('attendance-search');
    await page.keyboard.press('ArrowDown');
    await waitActive('attendance-row');
    const first = await page.getAttribute(tid('attendance-row'), 'data-vendor-id');
    equal(await page.evaluate(() => document.activeElement.dataset.vendorId), first, '↓ from the search field: the first row');
    await page.click(tid('nav-controles'));
    await page.waitForSelector(tid('tab-bonnen'));
    await page.click(tid('tab-bonnen'));
    await page.waitForSelector(tid('ticket-row'));
    await waitActive('ticket-row');

    // g, then a letter: the go-key's, even when the focus went into a text field meanwhile.
    await page.click(tid('nav-vergunningen'));
    await page.click(tid('tab-aanmeldingen'));
    await waitActive('attendance-search');
    await page.focus(tid('tab-aanmeldingen'));
    await page.keyboard.press('g');
    await page.focus(tid('attendance-search'));
    await page.evaluate(() => {
      window.__typed = '';
      document.querySelector('[data-testid="attendance-search"]').addEventListener('input', (e) => (window.__typed += e.data ?? ''));
    });
    await page.keyboard.press('m');
    await page.waitForFunction(() => location.hash.startsWith('#/markten'));
    equal(await page.evaluate(() => window.__typed), '', 'the m went to the go-key, not into the field');
    noProblems(problems, 'keyboard');
    await page.close();
  });
}
