// End-to-end tests through the real app window: the Marktkantoor binary, driven by
// tauri-driver and WebKitWebDriver, on a fresh demo database. Run under Xvfb by `./dev test`
// (see tests/e2e/run.sh). Screenshots of the main screens go to docs/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Key, remote } from 'webdriverio';
import { byId, invoke, shot as shotAt, waitForPort } from './common.mjs';

const root = path.resolve(import.meta.dirname, '../..');
// The debug build: cargo's target folder (CARGO_TARGET_DIR when set, as in a worktree).
const target = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const app = process.env.MARKTKANTOOR_APP ?? path.join(target, 'debug/marktkantoor');
const markt = process.env.MARKTKANTOOR_CLI ?? path.join(target, 'debug/markt');
// The README's screenshots; the runs at other moments keep theirs apart (MARKTKANTOOR_E2E_SHOTS).
const shots = process.env.MARKTKANTOOR_E2E_SHOTS || path.join(root, 'docs/screenshots');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'marktkantoor-e2e-'));
const db = path.join(work, 'e2e.sqlite');
// Where the app saves exports and reports (its Downloads folder), apart from the user's.
const downloads = path.join(work, 'Downloads');
// Two runs on one machine (worktrees) need their own ports: MARKTKANTOOR_E2E_PORT, and the
// native WebKitWebDriver on the next one.
const port = Number(process.env.MARKTKANTOOR_E2E_PORT ?? 4444);

const ACCOUNTS = {
  admin: ['beheer', 'beheer-2026'],
  senior: ['medewerker', 'marktbureau-2026'],
  supervisor: ['toezicht', 'toezicht-2026'],
  finance: ['financien', 'financien-2026'],
};

let driver;

function sql(query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}


/**
 * The app's clock for the whole run: `MARKTKANTOOR_E2E_NOW`, else a fixed Monday morning. It
 * reaches the app as MARKTKANTOOR_NOW (honoured on the demo database only), so the app's
 * "today" is the run's day whatever the machine's date; nothing here reads the wall clock.
 * run.sh runs the suite again at other moments (a Sunday, 31 December, 29 February).
 */
const NOW = process.env.MARKTKANTOOR_E2E_NOW || '2026-11-30T07:30:00+01:00';
assert.ok(!Number.isNaN(Date.parse(NOW)), `MARKTKANTOOR_E2E_NOW is not an RFC 3339 instant: ${NOW}`);
/** The ISO day in Amsterdam of the run's clock. */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(NOW));

/** An ISO day `n` days after `iso`. */
function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** The market morning of the run: today, or Monday when today is a Sunday (AC is closed). */
const MORNING = new Date(`${TODAY}T12:00:00Z`).getUTCDay() === 0 ? addDays(TODAY, 1) : TODAY;
/** The demo ends the day before the morning; its "tomorrow" (with sign-ons) is the morning. */
const demoToday = addDays(MORNING, -1);
const demoTomorrow = MORNING;

before(async () => {
  assert.ok(fs.existsSync(app), `the app binary is missing: ${app}`);
  // The demo city up to the day before the market morning: its history ends yesterday, so
  // the morning starts without permits (and "Vandaag" still lists today's markets).
  execFileSync(markt, ['--db', db, 'demo', '--seed', '1', '--today', demoToday], { stdio: 'ignore' });
  fs.mkdirSync(shots, { recursive: true });
  // The driver's output goes to a log file, not to our pipes: the test runner waits for its
  // pipes to close, and the app the driver starts would hold them open.
  const log = fs.openSync(path.join(work, 'tauri-driver.log'), 'a');
  driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
    env: {
      ...process.env,
      MARKTKANTOOR_DB: db,
      MARKTKANTOOR_NOW: NOW,
      XDG_DOWNLOAD_DIR: downloads,
      WEBKIT_DISABLE_DMABUF_RENDERER: '1',
      WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  await waitForPort(port);
});

after(() => {
  // The driver and everything it started (WebKitWebDriver, the app) form one process group.
  if (driver) process.kill(-driver.pid, 'SIGKILL');
});

async function launch() {
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 2,
    capabilities: {
      browserName: 'wry',
      'tauri:options': { application: app },
      'wdio:enforceWebDriverClassic': true,
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}


async function login(b, role) {
  const [user, password] = ACCOUNTS[role];
  const name = await byId(b, 'login-username');
  await name.waitForDisplayed({ timeout: 20000 });
  await name.setValue(user);
  await (await byId(b, 'login-password')).setValue(password);
  await (await byId(b, 'login-submit')).click();
  await (await byId(b, 'user-menu')).waitForDisplayed({ timeout: 10000 });
}

async function visibleNav(b) {
  const ids = [];
  for (const id of ['vandaag', 'markten', 'ondernemers', 'indeling', 'vergunningen', 'controles', 'rapporten', 'beheer']) {
    const el = await byId(b, `nav-${id}`);
    if ((await el.isExisting()) && (await el.isDisplayed())) ids.push(id);
  }
  return ids;
}

async function open(b, section) {
  await (await byId(b, `nav-${section}`)).click();
  await (await byId(b, 'screen-title')).waitForDisplayed({ timeout: 10000 });
}

/** A screenshot of the README's (or of the run's scratch folder). */
async function shot(b, name) {
  await shotAt(b, path.join(shots, `${name}.png`));
}


test('each role sees its own navigation', async () => {
  const expected = {
    admin: (nav) => assert.ok(['markten', 'ondernemers', 'beheer', 'rapporten'].every((x) => nav.includes(x)), `admin: ${nav}`),
    senior: (nav) => assert.ok(['markten', 'ondernemers'].every((x) => nav.includes(x)), `senior: ${nav}`),
    supervisor: (nav) => {
      assert.ok(nav.includes('ondernemers'), `supervisor: ${nav}`);
      assert.ok(!nav.includes('beheer'), `supervisor must not see Beheer: ${nav}`);
    },
    finance: (nav) => assert.deepEqual(nav, ['vandaag', 'rapporten'], 'finance sees its Vandaag and the reports'),
  };
  for (const role of Object.keys(ACCOUNTS)) {
    const b = await launch();
    try {
      await login(b, role);
      expected[role](await visibleNav(b));
      const menu = await (await byId(b, 'user-menu')).getText();
      assert.ok(menu.length > 0, 'the user menu names the account');
    } finally {
      await b.deleteSession();
    }
  }
});

test('a supervisor cannot reach Beheer, and the core refuses its commands anyway', async () => {
  const b = await launch();
  try {
    await login(b, 'supervisor');
    assert.ok(!(await visibleNav(b)).includes('beheer'));
    const made = await invoke(b, 'create_account', {
      input: { username: 'indringer', displayName: 'Indringer', role: 'admin', password: 'lang-genoeg-1' },
    });
    assert.equal(made.err?.code, 'forbidden', JSON.stringify(made));
    const kind = await invoke(b, 'save_tariff_kind', {
      id: null,
      input: { code: 'x', invoiceLabel: 'x', unit: 'meters', vat: 'hoog', ledgerCode: '', vatCode: '' },
    });
    assert.equal(kind.err?.code, 'forbidden', JSON.stringify(kind));
    assert.equal(sql("SELECT count(*) FROM account WHERE username = 'indringer'"), '0');
    const list = await invoke(b, 'list_accounts', {});
    assert.equal(list.err?.code, 'forbidden');
  } finally {
    await b.deleteSession();
  }
});

test('a clerk finds a vendor, edits a field, and the change is stored', async () => {
  const [id, surname] = sql(
    "SELECT id, surname FROM vendor WHERE status = 'actief' AND surname NOT LIKE '% %' ORDER BY id LIMIT 1 OFFSET 40",
  ).split('|');
  const b = await launch();
  try {
    await shot(b, '01-inloggen');
    await login(b, 'senior');
    await open(b, 'ondernemers');
    const search = await byId(b, 'vendor-search');
    await search.setValue(surname);
    const row = await b.$(`[data-testid="vendor-row"][data-vendor-id="${id}"]`);
    await row.waitForDisplayed({ timeout: 10000 });
    await shot(b, '03-ondernemers');
    await row.click();
    const form = await byId(b, 'vendor-form');
    await form.waitForDisplayed({ timeout: 10000 });

    // A bad e-mail address: the core's message appears next to the field, nothing stored.
    const email = await byId(b, 'field-email');
    const before = sql(`SELECT email FROM vendor WHERE id = ${id}`);
    await email.setValue('geen-adres');
    await (await byId(b, 'save')).click();
    const err = await b.$('[data-testid="field-error"][data-field="email"]');
    await err.waitForDisplayed({ timeout: 10000 });
    assert.equal(sql(`SELECT email FROM vendor WHERE id = ${id}`), before);

    await email.setValue('kraam@voorbeeld.nl');
    const phone = await byId(b, 'field-phone');
    await phone.setValue('020-5551234');
    await (await byId(b, 'save')).click();
    await (await byId(b, 'saved')).waitForDisplayed({ timeout: 10000 });
    await shot(b, '04-ondernemer');
    assert.equal(sql(`SELECT phone FROM vendor WHERE id = ${id}`), '020-5551234');
    assert.equal(sql(`SELECT email FROM vendor WHERE id = ${id}`), 'kraam@voorbeeld.nl');
    const audited = sql(
      `SELECT count(*) FROM audit_log WHERE entity = 'vendor' AND entity_id = '${id}' AND action = 'vendor.update'`,
    );
    assert.equal(audited, '1', 'the change is in the audit log');
  } finally {
    await b.deleteSession();
  }
});

test('printing: the core makes the PDF, and a missing printer is said plainly', async () => {
  const b = await launch();
  try {
    await login(b, 'supervisor');
    await open(b, 'markten');
    await (await b.$('=Albert Cuypmarkt')).click();
    await (await byId(b, 'stall-map')).waitForDisplayed({ timeout: 10000 });
    await (await byId(b, 'print-toggle')).click();
    await (await byId(b, 'print-panel')).waitForDisplayed({ timeout: 5000 });
    await (await byId(b, 'print-button-daily-list')).click();
    const outcome = async () => {
      for (const id of ['print-error', 'print-done']) if (await (await byId(b, id)).isExisting()) return id;
      return null;
    };
    await b.waitUntil(async () => (await outcome()) !== null, { timeout: 30000, timeoutMsg: 'no answer from print_document' });
    if ((await outcome()) === 'print-error') {
      // A machine without CUPS or without a default printer: said so, with where the PDF is.
      const error = await byId(b, 'print-error');
      assert.equal(await error.getAttribute('data-code'), 'no_printer', await error.getText());
      const text = await error.getText();
      const pdf = text.match(/(\/\S+?\.pdf)/)?.[1];
      assert.ok(pdf && /dagelijkse-marktlijst-AC-/.test(pdf), `the message names the file: ${text}`);
      assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-', 'the core wrote the PDF');
    }
    await shot(b, '13-afdrukken');
    // The command as a page script could call it: the core names what is missing.
    const r = await invoke(b, 'preview_document', { request: { document: 'receipt' } });
    assert.equal(r.err?.code, 'invalid', JSON.stringify(r));
    assert.equal(r.err.fields[0].field, 'payment');
  } finally {
    await b.deleteSession();
  }
});

test('screenshots of the main screens', async () => {
  const b = await launch();
  try {
    await login(b, 'admin');
    await shot(b, '02-vandaag');
    await open(b, 'markten');
    await shot(b, '05-markten');
    await (await b.$('=Albert Cuypmarkt')).click();
    await (await byId(b, 'stall-map')).waitForDisplayed({ timeout: 10000 });
    const stalls = await b.$$('[data-testid="stall"]');
    assert.ok(stalls.length > 30, `the stall map draws the stalls (${stalls.length})`);
    await shot(b, '06-plattegrond');
    await open(b, 'beheer');
    await shot(b, '07-beheer');
    await (await b.$('=Tariefsimulator')).click();
    await b.pause(500);
    await shot(b, '12-tariefsimulator');
    for (const [i, section] of ['vergunningen', 'controles', 'rapporten'].entries()) {
      await open(b, section);
      await shot(b, `${String(9 + i).padStart(2, '0')}-${section}`);
    }
  } finally {
    await b.deleteSession();
  }
});

/**
 * Types text key by key. WebKitWebDriver drops the second of two equal keys sent in one
 * action sequence ("11" arrives as "1"), so each key is an action of its own.
 */
async function type(b, keys) {
  for (const k of keys) await b.keys([k]);
}

/** The element that has the focus, by its data-testid. */
async function focused(b) {
  return b.execute(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName ?? null);
}

async function waitFocus(b, testid) {
  await b.waitUntil(async () => (await focused(b)) === testid, {
    timeout: 10000,
    timeoutMsg: `the focus should be on ${testid}`,
  });
}

test('the market morning by keyboard: five permits, a void, the day close, the day view', async () => {
  // Four fixed holders of AC with fixed products and a fixed stall, active, without an
  // enforcement request; none has a permit on the morning (the demo ends the day before).
  const holders = sql(
    `SELECT v.registration_number, v.id FROM vendor v
       JOIN registration r ON r.vendor_id = v.id AND r.voided = 0
       JOIN market m ON m.id = r.market_id AND m.code = 'AC'
      WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
        AND r.status <> 'soll'
        AND EXISTS (SELECT 1 FROM registration_product rp WHERE rp.registration_id = r.id)
        AND EXISTS (SELECT 1 FROM registration_stall rs WHERE rs.registration_id = r.id)
        AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
      ORDER BY r.list_number LIMIT 4`,
  )
    .split('\n')
    .map((line) => {
      const [number, id] = line.split('|');
      return { number, id: Number(id) };
    });
  assert.equal(holders.length, 4, 'four fixed holders to issue for');
  assert.equal(sql(`SELECT count(*) FROM daily_permit p JOIN market m ON m.id = p.market_id WHERE m.code = 'AC' AND p.day = '${MORNING}'`), '0');

  const b = await launch();
  try {
    await login(b, 'supervisor');
    await open(b, 'vergunningen');
    await (await byId(b, 'counter-vendor')).waitForDisplayed({ timeout: 10000 });
    const acId = sql("SELECT id FROM market WHERE code = 'AC'");
    assert.equal(await (await byId(b, 'permits-market')).getValue(), acId, 'AC, the first market held today, is chosen');
    if (MORNING !== TODAY) {
      // A Sunday run: the morning is Monday's; the day is typed as a clerk types it.
      const dayField = await byId(b, 'permits-day');
      await dayField.click();
      await b.keys([Key.Ctrl, 'a']);
      await type(b, [...MORNING.split('-').reverse().join('-'), Key.Tab]);
      await (await byId(b, 'counter-vendor')).click();
    }
    await waitFocus(b, 'counter-vendor');

    /** Every key sent after a registration number, per permit. */
    const keystrokes = [];
    let count = 0;
    const press = async (keys) => {
      count += keys.length;
      await type(b, keys);
    };
    const invoices = [];
    // On a Sunday run the permits are Monday's: each one asks a confirmation that names the
    // day, with the focus on "Terug" so that Enter alone issues nothing. Not counted as
    // keystrokes: those are today's path.
    const confirmDay = async () => {
      if (MORNING === TODAY) return;
      const dialog = await byId(b, 'counter-day-dialog');
      await dialog.waitForDisplayed({ timeout: 10000 });
      await waitFocus(b, 'counter-day-back');
      const named = MORNING.split('-').reverse().join('-');
      assert.ok((await dialog.getText()).includes(named), `the confirmation names ${named}`);
      await (await byId(b, 'counter-day-confirm')).click();
    };
    const lastInvoice = async (before) => {
      await b.waitUntil(
        async () => {
          const el = await byId(b, 'issued');
          return (await el.isExisting()) && (await el.getAttribute('data-invoice')) !== before;
        },
        { timeout: 10000, timeoutMsg: 'the permit should be issued' },
      );
      return (await byId(b, 'issued')).getAttribute('data-invoice');
    };

    // Four fixed holders: number, Enter (the counter opens, prefilled, the focus on Save),
    // then a payment key where wanted, then Enter (saved). Only pin needs no extra key.
    const methods = [[], ['c'], ['r'], ['c']];
    for (const [i, h] of holders.entries()) {
      await type(b, h.number);
      count = 0;
      await press([Key.Enter]);
      await (await b.$(`[data-testid="counter-form"][data-vendor-id="${h.id}"]`)).waitForDisplayed({ timeout: 10000 });
      await waitFocus(b, 'counter-save');
      const warnings = await b.$$('[data-testid="counter-warning"]');
      assert.equal(warnings.length, 0, `no warnings for fixed holder ${h.number}`);
      if (i === 0) {
        await (await byId(b, 'counter-total')).waitForDisplayed({ timeout: 10000 });
        await shot(b, '14-uitgifte');
      }
      await press(methods[i]);
      await press([Key.Enter]);
      await confirmDay();
      invoices.push(await lastInvoice(invoices[invoices.length - 1]));
      keystrokes.push(count);
      await waitFocus(b, 'counter-vendor');
    }
    assert.equal(keystrokes[0], 2, 'a prefilled fixed holder paying by pin: Enter, Enter');
    assert.ok(Math.max(...keystrokes) <= 6, `at most 6 keystrokes after the number: ${keystrokes}`);
    const stored = sql(
      `SELECT p.invoice_number || '|' || pay.method FROM daily_permit p JOIN payment pay ON pay.permit_id = p.id
        WHERE p.day = '${MORNING}' ORDER BY p.id`,
    ).split('\n');
    assert.deepEqual(
      stored,
      invoices.map((inv, i) => `${inv}|${['pin', 'contant', 'op_rekening', 'contant'][i]}`),
      'each permit with its payment, by the method chosen',
    );

    // A double permit: the first holder again. The counter warns and asks a reason.
    const double = holders[0];
    await type(b, double.number);
    await b.keys([Key.Enter]);
    await (await b.$('[data-testid="counter-warning"][data-code="already_permit_today"]')).waitForDisplayed({ timeout: 10000 });
    await waitFocus(b, 'counter-override');
    const reason = 'Tweede kraam: de vaste is te klein vandaag';
    await type(b, reason);
    await shot(b, '14b-uitgifte-tweede');
    await b.keys([Key.Enter]);
    await confirmDay();
    invoices.push(await lastInvoice(invoices[invoices.length - 1]));
    await waitFocus(b, 'counter-vendor');
    assert.equal(sql(`SELECT override_reason FROM daily_permit WHERE invoice_number = '${invoices[4]}'`), reason);

    // Void the third holder's permit by keyboard: ↓ from the empty vendor field into the
    // list (newest first), ↓ ↓ to it, d, the reason, Enter.
    await b.keys([Key.ArrowDown]);
    await type(b, [Key.ArrowDown, Key.ArrowDown]);
    const row = await b.execute(() => document.activeElement?.dataset?.invoice);
    assert.equal(row, invoices[2], 'the focus is on the permit to void');
    await b.keys(['d']);
    await waitFocus(b, 'reason-input');
    await type(b, 'Verkeerde ondernemer ingetypt');
    await b.keys([Key.Enter]);
    await (await b.$(`[data-testid="counter-permit"][data-invoice="${invoices[2]}"][data-voided="true"]`)).waitForDisplayed({
      timeout: 10000,
    });
    assert.equal(
      sql(`SELECT v.reason FROM permit_void v JOIN daily_permit p ON p.id = v.permit_id WHERE p.invoice_number = '${invoices[2]}'`),
      'Verkeerde ondernemer ingetypt',
    );

    // The day close: the counted cash typed, Enter, Enter on the confirmation.
    await (await byId(b, 'tab-dagafsluiting')).click();
    await waitFocus(b, 'close-counted');
    const cash = Number(await (await byId(b, 'close-cash')).getAttribute('data-cents'));
    const counted = cash + 50; // fifty cents too much in the drawer
    const typed = `${Math.trunc(counted / 100)},${String(counted % 100).padStart(2, '0')}`;
    await type(b, typed);
    await b.waitUntil(async () => (await (await byId(b, 'close-difference')).getAttribute('data-cents')) === '50', {
      timeout: 5000,
      timeoutMsg: 'the difference is shown live',
    });
    // A difference needs a reason: the core refuses the close without one and the focus
    // goes to the reason field.
    await b.keys([Key.Enter]);
    await waitFocus(b, 'close-confirm-yes');
    await b.keys([Key.Enter]);
    await waitFocus(b, 'close-reason');
    await type(b, 'fooi van een klant in de kas');
    await b.keys([Key.Enter]);
    await waitFocus(b, 'close-confirm-yes');
    await b.keys([Key.Enter]);
    await (await byId(b, 'close-done')).waitForDisplayed({ timeout: 10000 });
    await shot(b, '16-dagafsluiting');
    assert.equal(
      sql(
        `SELECT c.counted_cash_cents || '|' || c.difference_cents || '|' || c.difference_reason FROM day_close c JOIN account a ON a.id = c.account_id
          WHERE a.username = 'toezicht' AND c.day = '${MORNING}'`,
      ),
      `${counted}|50|fooi van een klant in de kas`,
    );

    // The day view: its totals are the books' totals.
    await (await byId(b, 'tab-dagoverzicht')).click();
    await (await byId(b, 'dayview')).waitForDisplayed({ timeout: 10000 });
    const where = `JOIN market m ON m.id = p.market_id WHERE m.code = 'AC' AND p.day = '${MORNING}'`;
    const valid = `NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)`;
    const lines = Number(sql(`SELECT coalesce(sum(l.incl_cents), 0) FROM invoice_line l JOIN daily_permit p ON p.id = l.permit_id ${where} AND ${valid}`));
    const paid = Number(sql(`SELECT coalesce(sum(pay.amount_cents), 0) FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id ${where}`));
    const shown = Number(await (await byId(b, 'dv-total')).getAttribute('data-cents'));
    assert.equal(lines, paid, 'the lines of valid permits equal the payments');
    assert.equal(shown, paid, 'the day view shows the books’ total');
    assert.equal(await (await byId(b, 'dv-balance')).getAttribute('data-balanced'), 'true');
    assert.equal(await (await byId(b, 'dv-permits')).getText(), sql(`SELECT count(*) FROM daily_permit p ${where} AND ${valid}`));
    assert.equal(await (await byId(b, 'dv-permits')).getText(), '4', 'five issued, one voided');
    for (const method of ['pin', 'contant', 'op_rekening']) {
      const m = Number(sql(`SELECT coalesce(sum(pay.amount_cents), 0) FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id ${where} AND pay.method = '${method}'`));
      const el = await b.$(`[data-testid="dv-money"][data-method="${method}"]`);
      assert.equal(Number(await el.getAttribute('data-cents')), m, `money by ${method}`);
    }
    await (await byId(b, 'dv-multiple')).waitForDisplayed({ timeout: 5000 });
    await shot(b, '15-dagoverzicht');

    // Attendance of the next market day: sign-on still open.
    await (await byId(b, 'tab-aanmeldingen')).click();
    await (await b.$('[aria-label="Volgende marktdag"]')).click();
    await (await b.$('[data-testid="attendance-cutoff"][data-after="false"]')).waitForDisplayed({ timeout: 10000 });
    await (await byId(b, 'attendance-row')).waitForDisplayed({ timeout: 10000 });
    await shot(b, '17-aanmeldingen');

    // After the close the counter says so before anything is typed: nothing to type.
    await (await byId(b, 'tab-uitgifte')).click();
    await (await b.$('[aria-label="Vorige marktdag"]')).click();
    await (await byId(b, 'counter-closed')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await byId(b, 'counter-vendor')).isEnabled(), false, 'the vendor field is closed');

    console.log(`# keystrokes after the registration number: ${keystrokes.join(', ')} (at most 6)`);
  } catch (e) {
    // What the window showed when it failed, for the one reading the log.
    const png = await b.takeScreenshot().catch(() => null);
    if (png) fs.writeFileSync(path.join(work, 'morning-failure.png'), Buffer.from(png, 'base64'));
    const text = await b.execute(() => document.querySelector('main')?.innerText ?? '').catch(() => '');
    console.log(`# failed; the window (${path.join(work, 'morning-failure.png')}):\n# ${String(text).split('\n').join('\n# ')}`);
    throw e;
  } finally {
    await b.deleteSession();
  }
  // The books still balance for `markt check` (it exits non-zero otherwise).
  execFileSync(markt, ['--db', db, 'check'], { stdio: 'ignore' });
});

test('a clerk allocates AC for tomorrow, changes it with a reason and publishes it', async () => {
  const [y, m, d] = demoTomorrow.split('-');
  const reason = 'ruilen op verzoek van beiden';
  const b = await launch();
  try {
    await login(b, 'senior');
    await open(b, 'indeling');
    const market = await byId(b, 'alloc-market');
    await market.selectByVisibleText('AC – Albert Cuypmarkt');
    const day = await byId(b, 'alloc-day');
    await day.setValue(`${d}-${m}-${y}`);
    // The day is taken when the clerk leaves the field.
    await b.keys([Key.Tab]);
    await (await b.$(`[data-testid="alloc-dayname"][data-day="${demoTomorrow}"]`)).waitForExist({ timeout: 10000 });
    const run = await byId(b, 'alloc-run');
    await run.waitForDisplayed({ timeout: 10000 });
    await run.click();
    await (await b.$('[data-testid="alloc-result"]')).waitForDisplayed({ timeout: 30000 });
    assert.equal(await (await byId(b, 'alloc-state')).getAttribute('data-state'), 'concept');

    // Two vendors with one stall each swap (the demo's AC is full): chosen on the map, with a reason.
    const { vendor, other, from, to } = await b.execute(() => {
      const stalls = [...document.querySelectorAll('[data-testid="alloc-stall"]')];
      const count = (v) => stalls.filter((s) => s.dataset.vendorId === v).length;
      const single = stalls.filter((s) => s.dataset.state === 'assigned' && count(s.dataset.vendorId) === 1);
      const [a, c] = [single[0], single[1]];
      return { vendor: a?.dataset.vendorId, other: c?.dataset.vendorId, from: a?.dataset.stallNumber, to: c?.dataset.stallNumber };
    });
    assert.ok(vendor && other && from && to, `two vendors with one stall: ${vendor} ${other}`);
    const stall = (n) => b.$(`[data-testid="alloc-stall"][data-stall-number="${n}"]`);
    await (await stall(from)).click();
    await (await b.$(`[data-testid="alloc-result"][data-vendor-id="${vendor}"] [data-testid="alloc-explanation"]`)).waitForDisplayed({
      timeout: 10000,
    });
    await shot(b, '13-indeling');
    await (await b.$(`[data-testid="alloc-result"][data-vendor-id="${vendor}"] [data-testid="action-swap"]`)).click();
    await (await byId(b, 'alloc-pick')).waitForDisplayed({ timeout: 10000 });
    await (await stall(to)).click();
    const dialog = await byId(b, 'override-dialog');
    await dialog.waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await b.$('[data-testid="override-form"] [data-testid="field-other"]')).getValue(), other);
    // Without a reason the core refuses, and says so at the field.
    await (await byId(b, 'override-save')).click();
    await (await b.$('[data-testid="override-form"] [data-testid="field-error"][data-field="reason"]')).waitForDisplayed({ timeout: 10000 });
    await (await b.$('[data-testid="override-form"] [data-testid="field-reason"]')).setValue(reason);
    await shot(b, '14-indeling-wijziging');
    await (await byId(b, 'override-save')).click();
    await dialog.waitForDisplayed({ reverse: true, timeout: 10000 });
    await b.waitUntil(async () => (await (await stall(to)).getAttribute('data-vendor-id')) === vendor, {
      timeout: 10000,
      timeoutMsg: `stall ${to} went to vendor ${vendor}`,
    });
    assert.equal(await (await stall(from)).getAttribute('data-vendor-id'), other);

    // The demo's "tomorrow" is the morning. On a Sunday run that is Monday, whose sign-on is
    // open until 15:00 today: publishing asks a confirmation that names the cut-off, with the
    // focus on its "yes". On other runs the cut-off has passed and publishing asks nothing.
    await (await byId(b, 'alloc-publish')).click();
    if (MORNING !== TODAY) {
      const ask = await byId(b, 'alloc-publish-confirm-text');
      await ask.waitForDisplayed({ timeout: 10000 });
      assert.match(await ask.getText(), /15:00/, 'the confirmation names the cut-off');
      await waitFocus(b, 'alloc-publish-confirm-yes');
      await b.keys([Key.Enter]);
    }
    await (await b.$('[data-testid="alloc-state"][data-state="gepubliceerd"]')).waitForDisplayed({ timeout: 10000 });

    // In the database: the published version with its override row, and the audit trail.
    const where = `a.market_id = (SELECT id FROM market WHERE code = 'AC') AND a.day = '${demoTomorrow}'`;
    assert.equal(
      sql(`SELECT a.version, a.state, count(o.id) FROM allocation a LEFT JOIN allocation_override o ON o.allocation_id = a.id WHERE ${where} GROUP BY a.id`),
      '1|gepubliceerd|1',
    );
    assert.equal(
      sql(`SELECT o.kind, o.vendor_id, o.other_vendor_id, o.from_stalls, o.to_stalls, o.reason FROM allocation_override o JOIN allocation a ON a.id = o.allocation_id WHERE ${where}`),
      `ruilen|${vendor}|${other}|${from}|${to}|${reason}`,
    );
    assert.equal(
      sql(`SELECT group_concat(action, ' ') FROM (SELECT l.action FROM audit_log l JOIN allocation a ON l.entity = 'allocation' AND l.entity_id = CAST(a.id AS TEXT) WHERE ${where} ORDER BY l.id)`),
      'allocation.run allocation.override allocation.publish',
    );
  } finally {
    await b.deleteSession();
  }
});

test('finance exports a batch with progress, and an overview draws its chart', async () => {
  const b = await launch();
  try {
    await login(b, 'finance');
    // Finance lands on its Vandaag (the money and whether a batch is due), then exports.
    await (await byId(b, 'today-finance')).waitForDisplayed({ timeout: 10000 });
    await open(b, 'rapporten');
    await (await byId(b, 'finance-form')).waitForDisplayed({ timeout: 10000 });
    // The demo's history up to its today: the whole year so far, every market.
    const [y, m, d] = demoToday.split('-');
    for (const [id, value] of [
      ['finance-from', `01-01-${y}`],
      ['finance-until', `${d}-${m}-${y}`],
    ]) {
      const field = await byId(b, id);
      await field.click();
      await b.execute((el) => el.select(), field);
      await type(b, value);
    }
    // Record what the progress panel shows while the export runs (it is gone when it ends).
    await b.execute(() => {
      window.__e2eProgress = { shown: false, counts: [] };
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="job-progress"]')) window.__e2eProgress.shown = true;
        const count = document.querySelector('[data-testid="job-count"]')?.textContent;
        if (count && window.__e2eProgress.counts.at(-1) !== count) window.__e2eProgress.counts.push(count);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await (await byId(b, 'finance-run')).click();
    const saved = await byId(b, 'saved-file');
    await saved.waitForDisplayed({ timeout: 60000 });
    const progress = await b.execute(() => window.__e2eProgress);
    assert.ok(progress.shown, 'the progress panel showed while the export ran');
    assert.ok(progress.counts.length > 0, `the core's progress reached the window: ${JSON.stringify(progress)}`);
    // The file's name carries the batch's number and its period.
    const fileName = `factuurdetail-batch-0001-${y}-01-01-${y}-${m}-${d}.csv`;
    assert.equal(await saved.getAttribute('data-file-name'), fileName);

    // The file in Downloads: Dutch dialect (BOM, `;`), the batch and its lines as stored.
    const file = path.join(downloads, fileName);
    assert.equal(await saved.getAttribute('data-path'), file);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    assert.ok(lines[0].startsWith('Batch;'), lines[0]);
    const [number, stored, sha] = sql('SELECT number, (SELECT count(*) FROM finance_batch_line), sha256 FROM finance_batch').split('|');
    assert.equal(number, '1');
    assert.ok(Number(stored) > 100, `the demo's year has lines: ${stored}`);
    assert.equal(lines.length - 1, Number(stored), 'one row per stored line');
    assert.equal(execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0], sha, 'the file is the batch kept');
    const row = await b.$('[data-testid="batch-row"][data-number="1"]');
    await row.waitForDisplayed({ timeout: 10000 });
    await shot(b, '21-financiele-export');

    // Overzichten: revenue by month and tariff kind, as a chart and a table, and as a PDF.
    await (await byId(b, 'tab-overzichten')).click();
    await (await byId(b, 'report-form')).waitForDisplayed({ timeout: 10000 });
    await (await byId(b, 'report-show')).click();
    const chart = await b.$('[data-testid="report-chart"] canvas');
    await chart.waitForDisplayed({ timeout: 30000 });
    assert.ok(Number(await (await byId(b, 'report-chart')).getAttribute('data-points')) >= 1, 'a bar per month');
    await shot(b, '22-overzicht-opbrengst');
    await (await byId(b, 'report-pdf')).click();
    await b.waitUntil(async () => /\.pdf$/.test((await (await byId(b, 'saved-file')).getAttribute('data-file-name')) ?? ''), {
      timeout: 30000,
      timeoutMsg: 'the PDF was not saved',
    });
    const pdf = await (await byId(b, 'saved-file')).getAttribute('data-path');
    assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-', 'the core wrote the PDF');
    fs.copyFileSync(pdf, path.join(work, 'overzicht.pdf'));
  } finally {
    await b.deleteSession();
  }
});

test('the window answers while a finance export runs: a senior writes batch 1 again and opens Ondernemers meanwhile', async () => {
  // After the test above: batch 1 is the demo's year, a hundred thousand lines, so writing
  // it again (the same export, byte for byte) takes a while even on a fast machine.
  const b = await launch();
  try {
    await login(b, 'senior');
    await open(b, 'rapporten');
    await (await byId(b, 'tab-financieel')).click();
    const rerun = await b.$('[data-testid="batch-row"][data-number="1"] [data-testid="batch-rerun"]');
    await rerun.waitForDisplayed({ timeout: 10000 });
    // Watch the window's own calls to the app: when each command was sent and answered.
    // Tauri's IPC posts each command to `ipc://localhost/<command>` with `fetch` and says in
    // `Tauri-Response` whether it answered or failed.
    await b.execute(() => {
      const send = window.fetch.bind(window);
      window.__e2eCalls = [];
      window.fetch = (url, init) => {
        const m = /^(?:ipc:\/\/localhost|http:\/\/ipc\.localhost)\/([a-z_]+)/.exec(String(url));
        if (!m) return send(url, init);
        const call = { cmd: m[1], sent: performance.now(), answered: null, ok: null };
        window.__e2eCalls.push(call);
        const answer = send(url, init);
        answer.then(
          (r) => ((call.answered = performance.now()), (call.ok = r.headers.get('Tauri-Response') === 'ok')),
          () => (call.answered = performance.now()),
        );
        return answer;
      };
    });
    // Start writing the batch again and, the moment the window has sent it, open Ondernemers,
    // as a clerk who does not wait would.
    await b.executeAsync((done) => {
      document.querySelector('[data-testid="batch-row"][data-number="1"] [data-testid="batch-rerun"]').click();
      const wait = () => {
        if (!window.__e2eCalls.some((c) => c.cmd === 'rerun_batch')) return setTimeout(wait, 5);
        document.querySelector('[data-testid="nav-ondernemers"]').click();
        done();
      };
      wait();
    });
    await (await byId(b, 'vendor-row')).waitForDisplayed({ timeout: 10000 });
    await b.waitUntil(async () => (await b.execute(() => window.__e2eCalls.find((c) => c.cmd === 'rerun_batch').answered)) !== null, {
      timeout: 60000,
      timeoutMsg: 'the export never answered',
    });
    const calls = await b.execute(() => window.__e2eCalls);
    const exporting = calls.find((c) => c.cmd === 'rerun_batch');
    assert.equal(exporting.ok, true, `the export wrote its file: ${JSON.stringify(calls)}`);
    // What Ondernemers asked while the export ran was answered while it still ran: nothing
    // waited for the export (it works on a connection of its own, no lock held).
    const meanwhile = calls.filter((c) => c.sent > exporting.sent && c.sent < exporting.answered);
    const search = meanwhile.find((c) => c.cmd === 'search_vendors');
    assert.ok(search, `Ondernemers searched its vendors while the export ran: ${JSON.stringify(calls)}`);
    for (const c of meanwhile) {
      assert.ok(c.ok && c.answered < exporting.answered, `${c.cmd} was answered before the export ended: ${JSON.stringify(calls)}`);
    }
    console.log(
      `# export ${Math.round(exporting.answered - exporting.sent)} ms; meanwhile ${meanwhile.map((c) => `${c.cmd} ${Math.round(c.answered - c.sent)} ms`).join(', ')}`,
    );
    // It made no batch: the same batch, written again.
    assert.equal(sql('SELECT count(*) FROM finance_batch'), '1', 'still one batch');
  } finally {
    await b.deleteSession();
  }
});

test('a supervisor records a control, writes a ticket from it and prints its letter; the desk takes the payment', async () => {
  // The morning test issued AC's permits of the morning; the round draws its sample from them.
  const ac = sql("SELECT id FROM market WHERE code = 'AC'");
  const valid = `p.market_id = ${ac} AND p.day = '${MORNING}' AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)`;
  assert.ok(Number(sql(`SELECT count(*) FROM daily_permit p WHERE ${valid}`)) > 0, 'AC has permits on the morning');
  const ticketsBefore = Number(sql('SELECT count(*) FROM ticket'));
  const b = await launch();
  try {
    await login(b, 'supervisor');
    await open(b, 'controles');
    const market = await byId(b, 'insp-market');
    await market.waitForDisplayed({ timeout: 10000 });
    assert.equal(await market.getValue(), ac, 'AC, the first market held today, is chosen');
    if (MORNING !== TODAY) {
      const dayField = await byId(b, 'insp-day');
      await dayField.click();
      await b.keys([Key.Ctrl, 'a']);
      await type(b, [...MORNING.split('-').reverse().join('-'), Key.Tab]);
    }
    await (await b.$(`[data-testid="insp-when"][data-day="${MORNING}"]`)).waitForExist({ timeout: 10000 });

    // The sample: drawn once, stored with its seed; the list takes the focus.
    await (await byId(b, 'draw-sample')).click();
    await (await byId(b, 'sample-head')).waitForDisplayed({ timeout: 10000 });
    await waitFocus(b, 'round-row');
    // The seed is folded away (it is for whoever checks the draw): read its text as stored.
    const seed = await b.execute(() => document.querySelector('[data-testid="sample-seed"]')?.textContent.trim() ?? '');
    // SQLite holds the u64 seed as a signed integer.
    const stored = BigInt.asUintN(64, BigInt(sql(`SELECT seed FROM control_sample WHERE market_id = ${ac} AND day = '${MORNING}'`)));
    assert.equal(stored.toString(), seed, 'the seed is stored');
    assert.equal(await (await byId(b, 'sample-reproduces')).getAttribute('data-ok'), 'true', 'the stored seed gives the same list');
    const permitId = await b.execute(() => document.activeElement?.dataset?.permitId);
    const [invoice, vendorId] = sql(`SELECT invoice_number, vendor_id FROM daily_permit WHERE id = ${permitId}`).split('|');

    // Round 1 by keyboard: z (in person, as the permit says), one stall more than on the
    // permit typed in its field, Enter. The difference is shown before saving.
    await b.keys(['z']);
    const product = await byId(b, 'control-product');
    const key = await product.getAttribute('data-key');
    const permitted = Number(await product.getValue());
    await product.click();
    await b.keys([Key.Ctrl, 'a']);
    await type(b, String(permitted + 1));
    await (await byId(b, 'control-diff')).waitForDisplayed({ timeout: 5000 });
    await shot(b, '18-controleronde');
    await b.keys([Key.Enter]);
    await (await byId(b, 'control-saved')).waitForDisplayed({ timeout: 10000 });
    await waitFocus(b, 'round-row');
    const [controlId, presence, seen] = sql(
      `SELECT c.id, c.presence, cp.quantity FROM control c JOIN control_product cp ON cp.control_id = c.id AND cp.product_key = '${key}'
        WHERE c.permit_id = ${permitId} AND c.round = 1`,
    ).split('|');
    assert.equal(presence, 'zelf');
    assert.equal(Number(seen), permitted + 1, 'the products seen are stored');

    // b: a ticket from that control, prefilled; the focus waits on the violation.
    await b.keys(['b']);
    await (await byId(b, 'ticket-form')).waitForDisplayed({ timeout: 10000 });
    await (await byId(b, 'ticket-link')).waitForDisplayed({ timeout: 5000 });
    await waitFocus(b, 'field-violationCode');
    await (await byId(b, 'field-violationCode')).selectByAttribute('value', 'V02');
    const decision = await b.$('[data-testid="ticket-decision"][data-decision="boete"]');
    await decision.waitForExist({ timeout: 10000 });
    assert.equal(await decision.getAttribute('data-cents'), '5000', 'V02 is fined at once: € 50,00');
    await shot(b, '19-bon');
    await b.keys([Key.Ctrl, 's']);
    const page = await byId(b, 'ticket-page');
    await page.waitForDisplayed({ timeout: 10000 });
    const number = await (await byId(b, 'ticket-number')).getAttribute('data-number');
    assert.match(number, /^B\d{4}-\d{6}$/);
    assert.equal(
      sql(`SELECT vendor_id, permit_id, control_id, decision, amount_cents FROM ticket WHERE number = '${number}'`),
      `${vendorId}|${permitId}|${controlId}|boete|5000`,
      `the ticket of ${invoice}'s control`,
    );

    // Issued, then the letter: the core makes the PDF; without a printer it says where it is.
    await (await byId(b, 'status-issued')).click();
    await (await b.$('[data-testid="ticket-status"][data-status="issued"]')).waitForDisplayed({ timeout: 10000 });
    await (await byId(b, 'letter-print')).click();
    const outcome = async () => {
      for (const id of ['letter-error', 'letter-done']) if (await (await byId(b, id)).isExisting()) return id;
      return null;
    };
    await b.waitUntil(async () => (await outcome()) !== null, { timeout: 30000, timeoutMsg: 'no answer from print_document' });
    let pdf;
    if ((await outcome()) === 'letter-error') {
      const error = await byId(b, 'letter-error');
      assert.equal(await error.getAttribute('data-code'), 'no_printer', await error.getText());
      pdf = (await error.getText()).match(/(\/\S+?\.pdf)/)?.[1];
    } else {
      pdf = await (await byId(b, 'letter-done')).getAttribute('data-path');
    }
    assert.ok(pdf?.endsWith(`bon-${number}.pdf`), `the letter's file: ${pdf}`);
    assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-', 'the core wrote the letter');

    // The payment, at the desk: the supervisor closed the day's drawer at AC in the morning
    // test (the core takes no more money into a closed drawer: fines_day_close.rs), so the
    // vendor pays a desk clerk, who opens the ticket: the open amount prefilled, pin, paid.
    const id = sql(`SELECT id FROM ticket WHERE number = '${number}'`);
    await (await byId(b, 'logout')).click();
    await login(b, 'senior');
    await b.execute((ticket) => (location.hash = `#/controles/bonnen/${ticket}`), id);
    await (await b.$(`[data-testid="ticket-page"][data-number="${number}"]`)).waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await byId(b, 'pay-amount')).getValue(), '50,00');
    await (await b.$('[data-testid="pay-method"][value="pin"]')).click();
    await (await byId(b, 'pay-save')).click();
    await (await b.$('[data-testid="ticket-status"][data-status="paid"]')).waitForDisplayed({ timeout: 10000 });
    assert.equal(
      sql(`SELECT p.method || '|' || p.amount_cents || '|' || a.username FROM payment p JOIN account a ON a.id = p.account_id WHERE p.ticket_id = ${id}`),
      'pin|5000|medewerker',
      'paid by pin at the desk',
    );
    assert.equal(sql(`SELECT group_concat(status, ' ') FROM (SELECT status FROM ticket_event WHERE ticket_id = ${id} ORDER BY id)`), 'draft issued paid');
    assert.equal(Number(sql('SELECT count(*) FROM ticket')), ticketsBefore + 1);

    // The list of tickets: the new one on top, paid; the demo's older ones below it.
    await (await byId(b, 'tab-bonnen')).click();
    await (await b.$(`[data-testid="ticket-row"][data-number="${number}"][data-status="paid"]`)).waitForDisplayed({ timeout: 10000 });
    await shot(b, '20-bonnen');

    // The vendor page: the ticket among the vendor's tickets, the control among their controls.
    await b.execute((v) => (location.hash = `#/ondernemers/${v}`), vendorId);
    await (await b.$(`[data-testid="vendor-ticket"][data-number="${number}"]`)).waitForDisplayed({ timeout: 10000 });
    const history = await byId(b, 'vendor-controls');
    await history.waitForDisplayed({ timeout: 10000 });
    assert.match(await history.getText(), new RegExp(invoice), 'the control names its permit');
    await history.scrollIntoView();
    await shot(b, '23-ondernemer-controles');
  } catch (e) {
    const png = await b.takeScreenshot().catch(() => null);
    if (png) fs.writeFileSync(path.join(work, 'tickets-failure.png'), Buffer.from(png, 'base64'));
    const text = await b.execute(() => document.querySelector('main')?.innerText ?? '').catch(() => '');
    console.log(`# failed; the window (${path.join(work, 'tickets-failure.png')}):\n# ${String(text).split('\n').join('\n# ')}`);
    throw e;
  } finally {
    await b.deleteSession();
  }
  execFileSync(markt, ['--db', db, 'check'], { stdio: 'ignore' });
});

// ── Layout at 1024×768 and 1366×768 ───────────────────────────────────────────────────────────

/**
 * Everything on the screen a clerk reads or presses that is cut off: runs in the window and
 * returns one line per offender (its tag, test id and text, and how it is cut). Checked are
 * buttons, links, table header and body cells (and grid cells), labels, tags, fields,
 * headings and the navigation:
 *
 * - its right (and left) edge must lie inside every ancestor that clips (overflow other than
 *   visible) and inside the window: the clerk must not scroll sideways to see it. A
 *   container marked `data-scroll-x` scrolls sideways on purpose (a report's wide table) and
 *   is the last edge that counts for what it holds; the stall maps are pictures and are skipped;
 * - its text must fit its box (scrollWidth ≤ clientWidth) unless the box scrolls; where the
 *   text is cut with an ellipsis on purpose, its full text must be in a title attribute (on
 *   it or around it).
 *
 * Hidden things (no box, `visibility: hidden`, the visually-hidden labels, closed dialogs)
 * are skipped.
 */
function clippedElements() {
  const SELECTOR = [
    'button',
    'a',
    'th',
    'td',
    '[role="columnheader"]',
    '[role="cell"]',
    'label',
    'legend',
    '.tag',
    'select',
    'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"])',
    'summary',
    'h1',
    'h2',
    'h3',
  ].join(',');
  const SKIP = '[data-testid="stall-map"], [data-testid="alloc-map"], .visually-hidden, dialog:not([open])';
  const name = (el) => {
    const id = el.dataset?.testid ? `[${el.dataset.testid}]` : typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/)[0]}` : '';
    return `${el.tagName.toLowerCase()}${id}`;
  };
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return `<${name(el)}> "${text}"`;
  };
  /** A title on it or around it holds every word of its text (marks like ✓ and ⚠ aside). */
  const titled = (el) => {
    const title = (el.closest('[title]')?.getAttribute('title') ?? '').toLowerCase();
    const words = (el.innerText || '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    return title.length > 0 && words.every((w) => title.includes(w));
  };
  /**
   * Its text is wider than its box. WebKit's scrollWidth misses text cut with an ellipsis, so
   * the laid-out text (a range over the contents) is measured too.
   */
  const overflows = (el) => {
    if (el.scrollWidth > el.clientWidth + 1) return true;
    const box = el.getBoundingClientRect();
    const inner = box.right - el.clientLeft - parseFloat(getComputedStyle(el).paddingRight);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim() || n.parentElement.closest('.visually-hidden')) continue;
      // Text inside a descendant that clips it is that descendant's to answer for.
      let inside = false;
      for (let a = n.parentElement; a && a !== el; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') inside = true;
      if (inside) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const text = range.getBoundingClientRect();
      if (text.width > 0 && text.right > inner + 1) return true;
    }
    return false;
  };
  const out = new Set();
  const seen = (el) => {
    if (el.closest(SKIP)) return false;
    if (el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  for (const el of document.querySelectorAll(SELECTOR)) {
    if (!seen(el)) continue;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    // The edges: the window, then every clipping ancestor up to a deliberate sideways scroller.
    let right = window.innerWidth;
    let left = 0;
    let edge = 'the window';
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible') continue;
      const box = a.getBoundingClientRect();
      const inner = box.left + a.clientLeft;
      if (inner + a.clientWidth < right) {
        right = inner + a.clientWidth;
        edge = name(a);
      }
      left = Math.max(left, inner);
      if (a.hasAttribute('data-scroll-x')) break;
    }
    if (r.right > right + 1) out.add(`${describe(el)} ends at ${Math.round(r.right)} px, beyond ${edge} at ${Math.round(right)}`);
    else if (r.left < left - 1) out.add(`${describe(el)} starts at ${Math.round(r.left)} px, before ${edge} at ${Math.round(left)}`);
    // The text inside its own box (an inline box has no client width: its edges above count).
    const field = el.tagName === 'SELECT' || el.tagName === 'INPUT';
    if (!field && el.clientWidth > 0 && !['auto', 'scroll'].includes(style.overflowX) && overflows(el)) {
      if (style.textOverflow !== 'ellipsis') out.add(`${describe(el)}: its text is ${el.scrollWidth} px wide in a box of ${el.clientWidth}`);
      else if (!titled(el)) out.add(`${describe(el)}: cut with an ellipsis, and no title holds its text`);
    }
  }
  // Anything else cut with an ellipsis (a name in a row): its text in a title.
  for (const el of document.querySelectorAll('main *, dialog[open] *')) {
    if (el.matches(SELECTOR)) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow !== 'ellipsis' || el.clientWidth === 0 || !seen(el)) continue;
    if (overflows(el) && !titled(el)) out.add(`${describe(el)}: cut with an ellipsis, and no title holds its text`);
  }
  return [...out];
}

/**
 * Walks every section and tab at `width`×`height` as an administrator and the supervisor's
 * screens as a supervisor, and fails naming everything cut. After the tests above the demo
 * has what makes the screens full: the morning's permits and day close, AC's published
 * allocation, a control and a ticket, a finance batch. `shots` takes the README's pictures.
 */
async function layoutWalk(width, height, shots) {
  const size = `${width}×${height}`;
  const started = Date.now();
  const ac = sql("SELECT id FROM market WHERE code = 'AC'");
  const vendor = sql(`SELECT vendor_id FROM daily_permit WHERE market_id = ${ac} ORDER BY id DESC LIMIT 1`);
  const ticket = sql('SELECT id FROM ticket ORDER BY id DESC LIMIT 1');
  const [y, m, d] = MORNING.split('-');
  /** Opens a route and waits for what shows that the screen has its data. */
  const visit = async (b, hash, ready) => {
    await b.execute((h) => (location.hash = h), hash);
    await (await b.$(ready)).waitForDisplayed({ timeout: 15000 });
  };
  const small = async (b) => {
    await b.setWindowRect(null, null, width, height);
    await b.waitUntil(async () => (await b.execute(() => window.innerWidth)) === width, {
      timeout: 5000,
      timeoutMsg: `the window did not become ${width} wide`,
    });
    assert.deepEqual(await b.execute(() => [window.innerWidth, window.innerHeight]), [width, height], `the window is ${size}`);
  };
  /** Every screen's offenders, named by screen: all of them in one failure message. */
  const cut = [];
  let screens = 0;
  const check = async (b, screen) => {
    await b.pause(250); // the last answers land and the lists lay out
    screens++;
    for (const c of await b.execute(clippedElements)) cut.push(`${screen}: ${c}`);
  };

  // An administrator reaches every section, every tab of Beheer and the desk's screens.
  let b = await launch();
  try {
    await small(b);
    await login(b, 'admin');
    await visit(b, '#/vandaag', '[data-testid="today-markets"]');
    await check(b, 'Vandaag');
    await b.keys(['?']);
    await (await byId(b, 'shortcut-overlay')).waitForDisplayed({ timeout: 5000 });
    await check(b, 'Sneltoetsen');
    await b.keys([Key.Escape]);
    await (await byId(b, 'shortcut-overlay')).waitForDisplayed({ reverse: true, timeout: 5000 });
    await visit(b, '#/markten', '[data-testid="market-row"]');
    await check(b, 'Markten');
    await visit(b, '#/markten/branches', '[data-testid="branch-list"]');
    await check(b, 'Markten: branches');
    await visit(b, `#/markten/${ac}`, '[data-testid="stall"]');
    await (await b.$('[data-testid="stall"]')).click();
    await (await byId(b, 'stall-panel')).waitForDisplayed({ timeout: 10000 });
    await check(b, 'Markten: de plattegrond van AC met een kraam');
    await visit(b, '#/ondernemers', '[data-testid="vendor-row"]');
    await check(b, 'Ondernemers');
    await visit(b, `#/ondernemers/${vendor}`, '[data-testid="vendor-form"]');
    await check(b, 'Ondernemers: een ondernemer');
    await visit(b, '#/indeling', '[data-testid="alloc-market"]');
    await (await byId(b, 'alloc-market')).selectByVisibleText('AC – Albert Cuypmarkt');
    await (await byId(b, 'alloc-day')).setValue(`${d}-${m}-${y}`);
    await b.keys([Key.Tab]);
    await (await byId(b, 'alloc-result')).waitForDisplayed({ timeout: 15000 });
    await check(b, 'Indeling: AC, gepubliceerd');
    await visit(b, '#/vergunningen/uitgifte', '[data-testid="counter-vendor"]');
    await check(b, 'Vergunningen: uitgifte');
    await visit(b, '#/vergunningen/dagoverzicht', '[data-testid="dayview"]');
    await check(b, 'Vergunningen: dagoverzicht');
    await visit(b, '#/vergunningen/dagafsluiting', '[data-testid="close-counted"]');
    await check(b, 'Vergunningen: dagafsluiting');
    await visit(b, '#/vergunningen/notities', '[data-testid="note-text"]');
    await check(b, 'Vergunningen: notities');
    await visit(b, '#/vergunningen/aanmeldingen', '[data-testid="attendance-row"]');
    await check(b, 'Vergunningen: aanmeldingen');
    await visit(b, '#/controles/bonnen', '[data-testid="ticket-row"]');
    await check(b, 'Controles: bonnen');
    await visit(b, `#/controles/bonnen/${ticket}`, '[data-testid="ticket-page"]');
    await check(b, 'Controles: een bon');
    await visit(b, '#/controles/bon', '[data-testid="ticket-form"]');
    await check(b, 'Controles: bon schrijven');
    await visit(b, '#/rapporten/financieel', '[data-testid="batch-row"]');
    await check(b, 'Rapporten: financiële export');
    if (shots) await shot(b, '30-1024-financiele-export');
    await visit(b, '#/rapporten/overzichten', '[data-testid="report-form"]');
    await (await byId(b, 'report-show')).click();
    await (await b.$('[data-testid="report-chart"] canvas')).waitForDisplayed({ timeout: 30000 });
    await check(b, 'Rapporten: overzichten');
    await visit(b, '#/rapporten/exporteren', '[data-testid="list-export"]');
    await check(b, 'Rapporten: lijsten');
    await visit(b, '#/rapporten/importeren', '[data-testid="import"]');
    await check(b, 'Rapporten: import');
    await visit(b, '#/beheer', '[data-testid="screen-title"]');
    const tabs = await b.execute(() => [...document.querySelectorAll('nav.tabs [data-testid^="tab-"]')].map((a) => a.dataset.testid.slice(4)));
    assert.ok(tabs.length >= 10, `every tab of Beheer: ${tabs}`);
    for (const t of tabs) {
      await visit(b, `#/beheer/${t}`, `[data-testid="tab-${t}"][aria-current="page"]`);
      await b.pause(250);
      await check(b, `Beheer: ${t}`);
    }
  } finally {
    await b.deleteSession();
  }

  // The supervisor: Vandaag, the control round on the morning's sample, the day view.
  b = await launch();
  try {
    await small(b);
    await login(b, 'supervisor');
    await visit(b, '#/vandaag', '[data-testid="today-markets"]');
    await check(b, 'Vandaag (toezicht)');
    await visit(b, '#/controles/ronde', '[data-testid="round-row"]');
    await check(b, 'Controles: ronde');
    if (shots) await shot(b, '30-1024-controleronde');
    await visit(b, '#/vergunningen/dagoverzicht', '[data-testid="dayview"]');
    await check(b, 'Vergunningen: dagoverzicht (toezicht)');
    if (shots) await shot(b, '30-1024-dagoverzicht');
  } finally {
    await b.deleteSession();
  }
  console.log(`# layout at ${size}: ${screens} screens in ${Math.round((Date.now() - started) / 1000)} s, ${cut.length} cut`);
  assert.deepEqual(cut, [], `cut at ${size} (${cut.length}):\n  ${cut.join('\n  ')}`);
}

test('at 1024×768 no column, button or label is cut on any screen', () => layoutWalk(1024, 768, true));

// The common office laptop's screen: everything fits there too.
test('at 1366×768 no column, button or label is cut on any screen', () => layoutWalk(1366, 768, false));
